#!/usr/bin/env bash
# Builds Madang and runs every test project against real services: a throwaway
# PostgreSQL cluster, an SMTP server that keeps each message as a .eml file, and the
# system Chromium (see scripts/test-env.sh). CI runs exactly this (.ci/run).
#
#   ./test.sh                   everything, in the order CI runs it
#   ./test.sh --filter EXPR     pass a `dotnet test --filter` expression to every project
#   ./test.sh --no-browser      leave out Madang.Browser.Tests (ignored under CI=true)
#
# Ends with one line "tests: N passed, M failed[, K skipped]" summed over every project's
# TRX file. Exits non-zero if a project failed, a test failed, no test ran at all, or
# (under CI=true) a test was skipped: CI must prove every test, not only the runnable ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() {
    sed -n '6,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

FILTER=""
NO_BROWSER=""
while (($# > 0)); do
    case "$1" in
    --filter)
        if (($# < 2)); then
            echo "test.sh: --filter needs an expression" >&2
            exit 2
        fi
        FILTER="$2"
        shift 2
        ;;
    --filter=*)
        FILTER="${1#--filter=}"
        shift
        ;;
    --no-browser)
        NO_BROWSER=1
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "test.sh: unknown argument: $1" >&2
        usage
        exit 2
        ;;
    esac
done

IS_CI=""
[[ "${CI:-}" == "true" ]] && IS_CI=1

if [[ -n "$NO_BROWSER" && -n "$IS_CI" ]]; then
    echo "test.sh: --no-browser is ignored under CI=true: CI always runs the browser tests" >&2
    NO_BROWSER=""
fi

# Quieter, reproducible dotnet output: no banner, no telemetry notice.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- timings -----------------------------------------------------------------------------

TIMINGS=()
now_ms() { echo $((${EPOCHREALTIME/[.,]/} / 1000)); }
PHASE_NAME=""
PHASE_START=0
phase_begin() {
    PHASE_NAME="$1"
    PHASE_START="$(now_ms)"
    printf '\n==> %s\n' "$PHASE_NAME"
}
phase_end() {
    local ms=$(($(now_ms) - PHASE_START))
    local line
    line="$(printf '%-40s %6d.%01ds' "$PHASE_NAME" $((ms / 1000)) $((ms % 1000 / 100)))"
    TIMINGS+=("$line")
    printf '<== %s\n' "$line"
}
print_timings() {
    echo
    echo "timings:"
    local t
    for t in "${TIMINGS[@]}"; do
        echo "  $t"
    done
}

# --- services ----------------------------------------------------------------------------

# shellcheck source=scripts/test-env.sh
source scripts/test-env.sh

phase_begin "environment"
madang_require_packages
madang_start_postgres
madang_start_smtp
phase_end

# --- build -------------------------------------------------------------------------------

RESULTS="./artifacts/test-results"
rm -rf "$RESULTS"
# Browser tests leave a screenshot of every page they check here, to look at after a run.
export MADANG_TEST_ARTIFACTS="$PWD/artifacts/screenshots"
rm -rf "$MADANG_TEST_ARTIFACTS"
mkdir -p "$RESULTS"

phase_begin "restore"
if ! dotnet restore Madang.slnx; then
    phase_end
    print_timings
    echo "test.sh: restore failed" >&2
    exit 1
fi
phase_end

phase_begin "build"
if ! dotnet build Madang.slnx --no-restore -c Release -warnaserror; then
    phase_end
    print_timings
    echo "test.sh: build failed" >&2
    exit 1
fi
phase_end

# --- tests -------------------------------------------------------------------------------

# Every test project, the browser tests last: they are the slowest and the least precise
# about what broke, so a failure elsewhere is reported first.
PROJECTS=()
BROWSER_PROJECTS=()
shopt -s nullglob
for proj in tests/*/*.Tests.csproj; do
    if [[ "$(basename "$proj" .csproj)" == "Madang.Browser.Tests" ]]; then
        BROWSER_PROJECTS+=("$proj")
    else
        PROJECTS+=("$proj")
    fi
done
shopt -u nullglob
if [[ -n "$NO_BROWSER" ]]; then
    echo "test.sh: --no-browser: skipping ${BROWSER_PROJECTS[*]:-Madang.Browser.Tests}" >&2
else
    PROJECTS+=("${BROWSER_PROJECTS[@]}")
fi

FAILED_PROJECTS=()
for proj in "${PROJECTS[@]}"; do
    name="$(basename "$proj" .csproj)"
    args=(--no-build -c Release --blame-hang-timeout 10m
        --logger "trx;LogFileName=$name.trx"
        --logger "console;verbosity=normal"
        --results-directory "$RESULTS")
    [[ -n "$FILTER" ]] && args+=(--filter "$FILTER")

    phase_begin "test $name"
    # Keep going after a failing project so that one run reports everything.
    if ! dotnet test "$proj" "${args[@]}"; then
        FAILED_PROJECTS+=("$name")
    elif [[ ! -f "$RESULTS/$name.trx" ]]; then
        # dotnet test succeeded but wrote no results: nothing proves the tests ran.
        echo "test.sh: $name wrote no $RESULTS/$name.trx" >&2
        FAILED_PROJECTS+=("$name")
    fi
    phase_end
done

# --- summary -----------------------------------------------------------------------------

# Sum the <Counters .../> of every TRX file. Prints "total executed passed failed", where
# failed also counts errors, timeouts and aborts (VSTest keeps them apart).
sum_trx_counters() {
    "$MADANG_PYTHON" - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET

keys = ("total", "executed", "passed", "failed", "error", "timeout", "aborted")
sums = dict.fromkeys(keys, 0)
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"test.sh: cannot read {path}: {e}", file=sys.stderr)
        sums["failed"] += 1  # unreadable results must not pass as success
        continue
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "Counters":  # tag carries the TRX namespace
            for k in keys:
                sums[k] += int(el.get(k, "0") or 0)
failed = sums["failed"] + sums["error"] + sums["timeout"] + sums["aborted"]
print(sums["total"], sums["executed"], sums["passed"], failed)
PY
}

shopt -s nullglob
TRX_FILES=("$RESULTS"/*.trx)
shopt -u nullglob

TOTAL=0 EXECUTED=0 PASSED=0 FAILED=0
if ((${#TRX_FILES[@]} > 0)); then
    read -r TOTAL EXECUTED PASSED FAILED < <(sum_trx_counters "${TRX_FILES[@]}")
fi
SKIPPED=$((TOTAL - EXECUTED))
((SKIPPED < 0)) && SKIPPED=0

print_timings
echo

STATUS=0
if ((${#PROJECTS[@]} == 0)); then
    echo "test.sh: FAIL: no test projects under tests/*/" >&2
    STATUS=1
fi
if ((${#FAILED_PROJECTS[@]} > 0)); then
    echo "test.sh: FAIL: test projects that failed: ${FAILED_PROJECTS[*]}" >&2
    STATUS=1
fi
if ((FAILED > 0)); then
    echo "test.sh: FAIL: $FAILED test(s) failed" >&2
    STATUS=1
fi
if ((EXECUTED == 0)); then
    echo "test.sh: FAIL: no test was executed" >&2
    STATUS=1
fi
if ((SKIPPED > 0)) && [[ -n "$IS_CI" ]]; then
    echo "test.sh: FAIL: $SKIPPED test(s) skipped; under CI=true every test must run (a skip usually means a service or package was missing)" >&2
    STATUS=1
fi

SUMMARY="tests: $PASSED passed, $FAILED failed"
((SKIPPED > 0)) && SUMMARY+=", $SKIPPED skipped"
echo "$SUMMARY"

exit "$STATUS"
