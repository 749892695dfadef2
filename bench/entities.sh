#!/usr/bin/env bash
# What the entity stage costs: `sokhan analyze --format json` with and without it, on the same
# input, interleaved runs, medians and their ratio; then the start-up on one word.
# usage: bench/entities.sh [INPUT] [RUNS]   (default: the first 4,000 lines, about 600 kB, of PerDT's raw train text)
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-}
runs=${2:-5}
if [ -z "$input" ]; then
  input=$(mktemp)
  head -n 4000 ../shared/data/perdt-train-raw.txt > "$input"
fi
cargo build --release --quiet
bin=target/release/sokhan
one=$(mktemp)
echo 'علی' > "$one"
time_of() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN {printf "%.3f\n", e - s}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for what in big one; do
  f=$input; [ "$what" = one ] && f=$one
  with=(); without=()
  "$bin" analyze --format json -j 1 "$f" > /dev/null   # warm-up
  for _ in $(seq "$runs"); do
    with+=("$(time_of "$bin" analyze --format json -j 1 "$f")")
    without+=("$(time_of "$bin" analyze --format json --no-entities -j 1 "$f")")
  done
  w=$(printf '%s\n' "${with[@]}" | median)
  wo=$(printf '%s\n' "${without[@]}" | median)
  share=$(awk -v w="$w" -v wo="$wo" 'BEGIN {printf "%.1f", 100 * (w - wo) / w}')
  echo "$what ($(wc -c < "$f") bytes): with entities ${w}s, without ${wo}s; the entity stage is ${share}% of analyze's time (medians of $runs)"
done
