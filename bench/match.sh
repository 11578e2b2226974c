#!/usr/bin/env bash
# Matching benchmark at NRMP Main Match scale: 47,000 applicants, 6,600
# programs, 43,000 positions; without couples and with 1,100 couples.
#   bench/match.sh [SEED]
# Times the whole CLI run (parse, solve, check, write) with hyperfine, reads
# peak memory with /usr/bin/time, and runs the Python `matching` package on
# the singles instance side by side (pip install matching; SKIP_PYTHON=1 to
# leave it out: it takes minutes). The solver alone,
# without I/O: cargo bench -p matchready-matching --bench solve.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED="${1:-1}"
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install hyperfine time" >&2; exit 1; }
done
cargo build --release -q -p matchready
BIN=target/release/matchready
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for couples in 0 1100; do
  "$BIN" match generate --applicants 47000 --programs 6600 --couples "$couples" --positions 43000 --seed "$SEED" --output "$WORK/i$couples.json"
  "$BIN" match run --input "$WORK/i$couples.json" --output "$WORK/o$couples.json"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"couples $couples: stable={d['stable']} blocking={len(d['blocking'])} {d['stats']}\")" "$WORK/o$couples.json"
  hyperfine -N --warmup 1 --runs 10 --export-markdown "$WORK/h$couples.md" "$BIN match run --input $WORK/i$couples.json --output $WORK/o$couples.json" >/dev/null
  tail -n 1 "$WORK/h$couples.md"
  /usr/bin/time -f "couples $couples: peak memory %M KiB" "$BIN" match run --input "$WORK/i$couples.json" --output "$WORK/o$couples.json"
done

if [ -n "${SKIP_PYTHON:-}" ]; then
  echo "Python comparison skipped (SKIP_PYTHON set)"
elif python3 -c "import matching" 2>/dev/null; then
  python3 bench/match_python.py "$WORK/i0.json" "$WORK/o0.json"
else
  echo "Python matching package not installed: pip install matching" >&2
fi
