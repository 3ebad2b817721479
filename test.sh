#!/usr/bin/env bash
# Runs every test: builds once, then runs the whole test suite against each database provider.
#
#   ./test.sh                          both providers (Sqlite, then Postgres on a throwaway cluster)
#   ./test.sh --filter DisplayName~Foo extra arguments go to both `dotnet test` runs
#                                      (xUnit under VSTest filters on FullyQualifiedName/DisplayName/traits;
#                                      `Name~` matches nothing, so that run counts 0 tests and fails)
#   PARTNERSUPPORT_TEST_PROVIDERS=Sqlite ./test.sh    just one provider (no PostgreSQL cluster started: the
#                                      tests about PostgreSQL report themselves skipped)
#
# Results: TestResults/<provider>/<provider>_<framework>_<timestamp>.trx, one per test project (every .trx
# there is counted); the browser tests' screenshots go to TestResults/screenshots/<provider>/.
# The last line printed is "N passed, N failed[, N skipped]".
# Exit status is non-zero if the build or any test run failed, or if no test ran at all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

providers="${PARTNERSUPPORT_TEST_PROVIDERS:-Sqlite Postgres}"
results_root="TestResults"

# ---- throwaway PostgreSQL cluster, always stopped on exit (success, failure, Ctrl-C) ----
pg_dir=""
cleanup() {
    if [ -n "$pg_dir" ]; then
        scripts/pg-cluster.sh stop "$pg_dir" || true
        pg_dir=""
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

for p in $providers; do
    case "$p" in
        Sqlite | Postgres) ;;
        *)
            echo "test.sh: unknown provider '$p' in PARTNERSUPPORT_TEST_PROVIDERS (expected Sqlite and/or Postgres)" >&2
            exit 2
            ;;
    esac
done

# ---- the outside parts the tests drive, installed from Debian when missing ----
apt_install() { # apt_install PACKAGE [FALLBACK]: the FALLBACK package when PACKAGE cannot be installed
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update </dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$1" </dev/null \
        || { [ -n "${2:-}" ] && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" </dev/null; }
}

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
if [ ! -x /usr/bin/chromium ]; then
    echo "test.sh: /usr/bin/chromium is missing; installing Debian's chromium package" >&2
    apt_install chromium
fi
# The reverse-proxy tests start their own nginx (never the system service).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "test.sh: nginx is missing; installing Debian's nginx-light package (or nginx)" >&2
    apt_install nginx-light nginx
fi
# The installation guide's Caddyfile is checked with `caddy validate` (never started).
if ! command -v caddy >/dev/null 2>&1; then
    echo "test.sh: caddy is missing; installing Debian's caddy package" >&2
    apt_install caddy
fi
# The e-mail tests start their own SMTP server (Debian's aiosmtpd, run by /usr/bin/python3).
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    echo "test.sh: python3-aiosmtpd is missing; installing Debian's python3-aiosmtpd package" >&2
    apt_install python3-aiosmtpd
fi

# ---- build once ----
dotnet build PartnerSupport.slnx -c Release

# ---- run the suite once per provider ----
failed_runs=()
# Started once, before the runs, when a provider is Postgres: the SQLite run uses it too, for the
# tests that are about PostgreSQL whatever the provider (SchemaTests' PostgreSQL migrations). The
# directory is created and the trap is armed first, so an interruption during start-up leaks nothing.
pg_server=""
case " $providers " in
    *" Postgres "*)
        pg_dir=$(mktemp -d /tmp/partnersupport-pg.XXXXXX)
        if pg_env=$(scripts/pg-cluster.sh start "$pg_dir"); then
            eval "$pg_env"
            pg_server="$PARTNERSUPPORT_TEST_PG"
            echo "test.sh: PostgreSQL test cluster: $pg_server"
        else
            echo "test.sh: could not start the PostgreSQL test cluster; skipping the Postgres run" >&2
            failed_runs+=(Postgres)
            cleanup
        fi
        ;;
esac
for p in $providers; do
    echo
    echo "==== dotnet test ($p) ===="
    rm -rf "${results_root:?}/$p"
    if [ "$p" = Postgres ] && [ -z "$pg_server" ]; then
        continue
    fi
    if [ -n "$pg_server" ]; then
        run_env=(env PARTNERSUPPORT_TEST_PROVIDER="$p" PARTNERSUPPORT_TEST_PG="$pg_server")
    else
        run_env=(env -u PARTNERSUPPORT_TEST_PG PARTNERSUPPORT_TEST_PROVIDER="$p")
    fi
    rc=0
    "${run_env[@]}" dotnet test PartnerSupport.slnx -c Release --no-build \
        --results-directory "$results_root/$p" \
        --logger "trx;LogFilePrefix=$p" \
        --logger "console;verbosity=normal" \
        "$@" </dev/null || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "test.sh: dotnet test ($p) exited with $rc" >&2
        failed_runs+=("$p")
    fi
done
cleanup

# ---- count results across all TRX files (one per test project and provider) ----
test_projects=$(grep -c '<Project Path="tests/' PartnerSupport.slnx || true)
# <Counters total="4" executed="3" passed="2" failed="1" error="0" ... notExecuted="0" ... />
# Skipped tests are in total but not in executed.
counter() { # counter NAME ELEMENT
    local v
    v=$(printf '%s\n' "$2" | sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p")
    printf '%s\n' "${v:-0}"
}
passed=0 failed=0 skipped=0
shopt -s nullglob
for p in $providers; do
    trx_files=("$results_root/$p"/*.trx)
    if [ "${#trx_files[@]}" -lt "$test_projects" ]; then
        # A test host that crashed (or never started) leaves no TRX: its tests must not vanish from the count.
        echo "test.sh: only ${#trx_files[@]} TRX file(s) for $p, expected one per test project ($test_projects)" >&2
        case " ${failed_runs[*]} " in *" $p "*) ;; *) failed_runs+=("$p") ;; esac
    fi
    if [ "${#trx_files[@]}" -eq 0 ]; then
        continue
    fi
    for f in "${trx_files[@]}"; do
        el=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
        [ -n "$el" ] || continue
        total=$(counter total "$el")
        executed=$(counter executed "$el")
        not_executed=$(counter notExecuted "$el")
        s=$((total - executed))
        if [ "$not_executed" -gt "$s" ]; then s=$not_executed; fi
        passed=$((passed + $(counter passed "$el")))
        failed=$((failed + $(counter failed "$el") + $(counter error "$el") + $(counter timeout "$el") + $(counter aborted "$el")))
        skipped=$((skipped + s))
    done
done

# The failed tests by name, with the first line of each message, last: CI keeps only the end of the log.
for p in $providers; do
    for f in "$results_root/$p"/*.trx; do
        /usr/bin/python3 - "$p" "$f" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
provider, path = sys.argv[1], sys.argv[2]
for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
        continue
    message = r.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    first = message.splitlines()[0][:300] if message else "(no message)"
    print(f"test.sh: FAILED ({provider}) {r.get('testName')}: {first}", file=sys.stderr)
PY
    done
done

status=0
if [ "${#failed_runs[@]}" -gt 0 ]; then
    echo "test.sh: failing runs: ${failed_runs[*]}" >&2
    status=1
fi
if [ "$failed" -gt 0 ]; then
    status=1
fi
if [ $((passed + failed)) -eq 0 ]; then
    echo "test.sh: no tests ran" >&2
    status=1
fi

# CI has every part the tests need: a test skipped there is a test that did not run.
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
    echo "test.sh: $skipped test(s) skipped under CI, where nothing may be skipped" >&2
    status=1
fi

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then summary+=", $skipped skipped"; fi
echo "$summary"
exit "$status"
