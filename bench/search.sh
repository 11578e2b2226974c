#!/usr/bin/env bash
# Search benchmark: 10,000 experiences, on SQLite and on PostgreSQL.
#   bench/search.sh [SCALE] [SECONDS]
# Needs wrk (apt-get install wrk) and, for the PostgreSQL half, a server at
# MATCHREADY_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
# Prints a markdown table. The server runs on core 0 and wrk on core 1
# (taskset), and /healthz and search are measured alternately three times;
# the medians are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-10000}"
SECONDS_EACH="${2:-10}"
PG="${MATCHREADY_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
PORT=18080
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset is needed: apt-get install util-linux" >&2; exit 1; }
cargo build --release -q -p matchready
BIN=target/release/matchready
WORK="$(mktemp -d)"
trap '[ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# wrk --latency output -> "p50_ms p99_ms rps"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    $1=="50.000%" || $1=="50%" { p50=ms($2) }
    $1=="99.000%" || $1=="99%" { p99=ms($2) }
    $1=="Requests/sec:" { rps=$2 }
    END { printf "%.2f %.2f %.0f\n", p50, p99, rps }'
}

run_backend() {
  local name="$1" url="$2"
  local load_start load_ms start ready_ms rss hwm
  load_start=$(date +%s%N)
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" demo --scale "$SCALE" >/dev/null
  load_ms=$(( ($(date +%s%N) - load_start) / 1000000 ))
  start=$(date +%s%N)
  DATABASE_URL="$url" RUST_LOG=warn taskset -c 0 "$BIN" serve --bind "127.0.0.1:$PORT" --data-dir "$WORK/data" >/dev/null &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.005; done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  # Warm up, then measure both alternately, three rounds; keep the medians.
  taskset -c 1 wrk -t1 -c4 -d2s -s bench/search.lua "http://127.0.0.1:$PORT" >/dev/null
  : > "$WORK/h"; : > "$WORK/s"
  for _ in 1 2 3; do
    taskset -c 1 wrk -t1 -c8 -d"${SECONDS_EACH}s" --latency "http://127.0.0.1:$PORT/healthz" | summarise >> "$WORK/h"
    taskset -c 1 wrk -t1 -c8 -d"${SECONDS_EACH}s" --latency -s bench/search.lua "http://127.0.0.1:$PORT" | summarise >> "$WORK/s"
  done
  read -r h50 h99 hrps < <(sort -k3 -n "$WORK/h" | sed -n 2p)
  read -r s50 s99 srps < <(sort -k3 -n "$WORK/s" | sed -n 2p)
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
  hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  local ratio; ratio=$(awk -v s="$srps" -v h="$hrps" 'BEGIN { printf "%.2f", s/h }')
  echo "| $name | $SCALE | $s50 | $s99 | $srps | $hrps | $ratio | $h50 / $h99 | $ready_ms | $rss / $hwm | $load_ms |"
}

echo "| backend | experiences | search p50 ms | search p99 ms | search req/s | /healthz req/s | ratio | /healthz p50 / p99 ms | cold start to first answer ms | RSS / peak MiB | demo load ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
run_backend sqlite "sqlite://$WORK/bench.db"
if psql "$PG/postgres" -tAc 'SELECT 1' >/dev/null 2>&1; then
  db="matchready_bench_$$"
  psql "$PG/postgres" -qc "CREATE DATABASE $db" >/dev/null
  run_backend postgres "$PG/$db"
  psql "$PG/postgres" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
  echo "PostgreSQL not tried: no server at $PG" >&2
fi
