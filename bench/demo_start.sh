#!/usr/bin/env bash
# First start of `serve --demo` on an empty database, with and without the
# history, on SQLite and PostgreSQL:
#   bench/demo_start.sh [SCALES...]        (default: 720 7200)
# Needs a PostgreSQL server at MATCHREADY_BENCH_POSTGRES (default
# postgres://postgres@127.0.0.1:5432) for its half. Each figure is the
# median of three starts, from launch to the first answer of /healthz (the
# port is bound first, but answered only once the demo is in). Prints a
# markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALES=("$@")
[ ${#SCALES[@]} -eq 0 ] && SCALES=(720 7200)
PG="${MATCHREADY_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
PORT=18081
cargo build --release -q -p matchready
BIN=target/release/matchready
WORK="$(mktemp -d)"
trap '[ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# One first start; prints milliseconds to the first answer.
start_once() {
  local url="$1" scale="$2" flags="$3" start ms
  rm -rf "$WORK/data"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" serve --demo --scale "$scale" $flags \
    --bind "127.0.0.1:$PORT" --data-dir "$WORK/data" >/dev/null &
  PID=$!
  until curl -sf --max-time 300 "http://127.0.0.1:$PORT/healthz" >/dev/null; do
    kill -0 "$PID" 2>/dev/null || { echo "the server stopped before answering" >&2; exit 1; }
    sleep 0.01
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "$ms"
}

fresh_sqlite() { rm -f "$WORK/m.db"*; echo "sqlite://$WORK/m.db"; }
fresh_postgres() {
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS matchready_bench_demo" -c "CREATE DATABASE matchready_bench_demo" >/dev/null
  echo "$PG/matchready_bench_demo"
}

median3() {
  local backend="$1" scale="$2" flags="$3" url times=()
  for _ in 1 2 3; do
    url=$("fresh_$backend")
    start_once "$url" "$scale" "$flags" > "$WORK/ms"
    times+=("$(cat "$WORK/ms")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}

echo "| backend | experiences | first start, catalog and accounts ms | first start with the history ms | the history ms |"
echo "| --- | --- | --- | --- | --- |"
for scale in "${SCALES[@]}"; do
  for backend in sqlite postgres; do
    bare=$(median3 "$backend" "$scale" "--no-history")
    full=$(median3 "$backend" "$scale" "")
    echo "| $backend | $scale | $bare | $full | $(( full - bare )) |"
  done
done
