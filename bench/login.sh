#!/usr/bin/env bash
# Login benchmark, on SQLite and on PostgreSQL.
#   bench/login.sh [SECONDS]
# 1. Logins per second on one core with the chosen argon2id parameters
#    (19 MiB, 2 passes, 1 lane): the server is pinned to core 0 and wrk
#    (on core 1) logs the demo applicant in over and over.
# 2. Search latency alone, then again while a password-guessing flood
#    (64 connections, wrong password for one account from one address) is
#    being throttled with 429s.
# Needs wrk (apt-get install wrk) and, for the PostgreSQL half, a server at
# MATCHREADY_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-10}"
PG="${MATCHREADY_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
PORT=18081
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p matchready
BIN=target/release/matchready
WORK="$(mktemp -d)"
trap '[ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# wrk --latency output -> "p50_ms p99_ms rps non2xx"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    $1=="50.000%" || $1=="50%" { p50=ms($2) }
    $1=="99.000%" || $1=="99%" { p99=ms($2) }
    $1=="Requests/sec:" { rps=$2 }
    /Non-2xx/ { bad=$NF }
    END { printf "%.2f %.2f %.0f %d\n", p50, p99, rps, bad }'
}

run_backend() {
  local name="$1" url="$2"
  DATABASE_URL="$url" RUST_LOG=warn taskset -c 0 "$BIN" serve --demo --bind "127.0.0.1:$PORT" --data-dir "$WORK/data" >/dev/null &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.05; done
  # No user enumeration: 9 wrong passwords for real accounts, then 9 unknown emails (under the 20-per-address limit).
  local wrong unknown
  wrong=$(for e in advisor preceptor applicant coordinator admin advisor preceptor applicant coordinator; do
    curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
      -d "{\"email\":\"$e@example.org\",\"password\":\"wrong guess here\"}"; done | sort -n | sed -n 5p)
  unknown=$(for i in 1 2 3 4 5 6 7 8 9; do
    curl -s -o /dev/null -w '%{time_total}\n' -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
      -d "{\"email\":\"nobody$i@example.org\",\"password\":\"wrong guess here\"}"; done | sort -n | sed -n 5p)
  taskset -c 1 wrk -t1 -c2 -d2s -s bench/login_ok.lua "http://127.0.0.1:$PORT" >/dev/null
  read -r l50 l99 lrps lbad < <(taskset -c 1 wrk -t1 -c4 -d"${SECONDS_EACH}s" --latency -s bench/login_ok.lua "http://127.0.0.1:$PORT" | summarise)
  local q="/api/v1/experiences?q=internal+medicine&state=NY&hands_on=true&per_page=20"
  read -r s50 s99 srps _ < <(taskset -c 1 wrk -t1 -c2 -d"${SECONDS_EACH}s" --latency "http://127.0.0.1:$PORT$q" | summarise)
  taskset -c 1 wrk -t1 -c64 -d"$((SECONDS_EACH + 2))s" --latency -s bench/login_flood.lua "http://127.0.0.1:$PORT" > "$WORK/flood" &
  local flood=$!
  sleep 1
  read -r f50 f99 frps _ < <(taskset -c 1 wrk -t1 -c2 -d"${SECONDS_EACH}s" --latency "http://127.0.0.1:$PORT$q" | summarise)
  wait "$flood"
  read -r _ _ grps gbad < <(summarise < "$WORK/flood")
  local gtotal; gtotal=$(awk '/requests in/ {print $1}' "$WORK/flood")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "| $name | $lrps | $l50 / $l99 | $s50 / $s99 ($srps/s) | $f50 / $f99 ($frps/s) | $grps | $gbad of $gtotal | $(awk -v w="$wrong" -v u="$unknown" 'BEGIN { printf "%.1f / %.1f", w*1000, u*1000 }') |"
}

echo "| backend | logins/s on one core | login p50 / p99 ms | search p50 / p99 ms alone | search p50 / p99 ms during flood | flood req/s | flood answers refused (429/401) | median ms: wrong password / unknown email |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
run_backend sqlite "sqlite://$WORK/bench.db"
if psql "$PG/postgres" -tAc 'SELECT 1' >/dev/null 2>&1; then
  psql "$PG/postgres" -qc 'DROP DATABASE IF EXISTS matchready_bench_login' -c 'CREATE DATABASE matchready_bench_login' >/dev/null
  run_backend postgres "$PG/matchready_bench_login"
  psql "$PG/postgres" -qc 'DROP DATABASE IF EXISTS matchready_bench_login WITH (FORCE)' >/dev/null
else
  echo "PostgreSQL not reachable at $PG: its row is missing" >&2
fi
