#!/usr/bin/env bash
# PartnerSupport benchmark: the service beside the raw database transaction and a hello-world
# endpoint, measured in one run over HTTP on 127.0.0.1. See bench/README.md.
#
#   bench/run.sh                  SQLite, then PostgreSQL: 16 clients; each figure 10 s in 4 rounds
#                                 alternating with its baseline, after a 2 s warm-up
#   bench/run.sh --quick          3 s after a 1 s warm-up (a smoke run; noisier figures)
#   bench/run.sh --large          also generate a large installation (100,000 organizations,
#                                 1,000,000 service requests) and measure again at that size
#   bench/run.sh --only queue     only the queue's figures (first page, deep page) at the small and
#                                 the large size, with the queue's SQL and its plans (implies --large)
#   options: --providers sqlite,postgres  --concurrency N  --warmup S  --duration S  --rounds N
#            --orgs N --requests N (large size)  --pg-durable true|false  --no-profile
#            --server-dll PATH  measure another build of PartnerSupport.Web (e.g. a branch) instead of
#                               building this checkout's
#
# The last lines printed are the ratios, per provider ("sqlite create/raw = 0.53").
# Exit status: 0 when every provider ran and every request got its expected answer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

providers="sqlite postgres"
server_dll=""
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick | --large | --no-profile) pass+=("$1") ;;
    --providers)
      providers="${2:?--providers needs a value}"
      providers="${providers//,/ }"
      shift
      ;;
    --server-dll)
      server_dll=$(realpath "${2:?--server-dll needs a value}")
      shift
      ;;
    --concurrency | --warmup | --duration | --rounds | --orgs | --requests | --pg-durable | --only)
      pass+=("$1" "${2:?$1 needs a value}")
      shift
      ;;
    -h | --help)
      sed -n '2,20p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument $1 (see --help)" >&2
      exit 2
      ;;
  esac
  shift
done
for p in $providers; do
  case "$p" in
    sqlite | postgres) ;;
    *)
      echo "run.sh: unknown provider '$p' (sqlite, postgres)" >&2
      exit 2
      ;;
  esac
done

# ---- everything this run starts is stopped on exit: success, failure, Ctrl-C ----
work=$(mktemp -d /tmp/partnersupport-bench.XXXXXX)
pg_dir=""
bench_pid=""
status=0
# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  local rc=$?
  local f pid i
  # The bench program stops its server on SIGTERM; the pid files catch a program that was killed.
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
      kill -0 "$bench_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$bench_pid" 2>/dev/null || true
  fi
  for f in "$work"/*/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 20; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ -n "$pg_dir" ]; then
    scripts/pg-cluster.sh stop "$pg_dir" || true
    pg_dir=""
  fi
  if [ "$rc" -eq 0 ] && [ "$status" -eq 0 ]; then
    rm -rf -- "$work"
  else
    # Keep the server logs for a look, not the databases.
    find "$work" -name 'partnersupport*.db*' -delete 2>/dev/null || true
    echo "run.sh: server logs kept in $work" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ---- the load generators: wrk (HTTP) and pgbench (PostgreSQL's raw baseline, from Debian's postgresql) ----
if ! command -v wrk >/dev/null 2>&1; then
  echo "run.sh: wrk not found; installing Debian's wrk with apt-get" >&2
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update </dev/null >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk </dev/null >&2
fi

# shellcheck disable=SC1091  # the system's own file
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version), $(uname -r)"
echo "building (Release) ..."
if [ -z "$server_dll" ]; then
  dotnet build src/PartnerSupport.Web/PartnerSupport.Web.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  server_dll=src/PartnerSupport.Web/bin/Release/net10.0/PartnerSupport.Web.dll
fi
dotnet build bench/PartnerSupport.Bench/PartnerSupport.Bench.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
bench_dll=bench/PartnerSupport.Bench/bin/Release/net10.0/PartnerSupport.Bench.dll
summary="$work/summary"

for p in $providers; do
  echo
  args=(run --provider "$p" --work "$work/$p" --server-dll "$server_dll" --summary "$summary" "${pass[@]}")
  if [ "$p" = postgres ]; then
    # A throwaway cluster (installs Debian's postgresql when missing). The directory exists and
    # the trap is armed before it starts, so an interruption leaks nothing.
    pg_dir=$(mktemp -d /tmp/partnersupport-pg.XXXXXX)
    if ! pg_env=$(scripts/pg-cluster.sh start "$pg_dir"); then
      echo "run.sh: could not start PostgreSQL; skipping it" >&2
      status=1
      continue
    fi
    eval "$pg_env"
    if ! command -v pgbench >/dev/null 2>&1; then
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
      export PATH="$PATH:$pg_bin"
    fi
    args+=(--pg-admin "$PARTNERSUPPORT_TEST_PG")
  fi
  # In the background and waited for, so that the trap can stop it on Ctrl-C or SIGTERM.
  dotnet "$bench_dll" "${args[@]}" &
  bench_pid=$!
  if ! wait "$bench_pid"; then
    echo "run.sh: the $p run failed" >&2
    status=1
  fi
  bench_pid=""
  if [ "$p" = postgres ] && [ -n "$pg_dir" ]; then
    scripts/pg-cluster.sh stop "$pg_dir" || true
    pg_dir=""
  fi
done

echo
echo "==== figures (throughput over the measured window; p50/p99/max latency as the client saw it) ===="
[ -f "$summary.figures" ] && cat "$summary.figures"
echo "==== ratios ===="
[ -f "$summary.ratios" ] && cat "$summary.ratios"
exit "$status"
