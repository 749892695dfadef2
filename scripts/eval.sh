#!/usr/bin/env bash
# Reproduces Sokhan's segmentation, tagging, lemma and parsing (UAS/LAS) scores on the PerDT validation slice and on Seraji
# dev, with `sokhan eval` and, as a cross-check, the shared reference scorer ud_eval.py.
#
# usage: scripts/eval.sh [SHARED_DIR]     (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
out=target/eval
mkdir -p "$out"
cargo build --release --quiet
bin=target/release/sokhan
python3 scripts/splits.py "$shared/data" target/splits > /dev/null

run() { # name gold
  local name=$1 gold=$2
  python3 "$shared/tools/raw_text.py" "$gold" > "$out/$name.txt"
  "$bin" analyze --format conllu "$out/$name.txt" > "$out/$name.raw.conllu"
  python3 "$shared/tools/blank_conllu.py" "$gold" > "$out/$name.blank.conllu"
  "$bin" analyze --input-format conllu --format conllu "$out/$name.blank.conllu" > "$out/$name.gold-words.conllu"
  echo "== $name: raw text -> sokhan (sokhan eval | ud_eval.py)"
  paste <("$bin" eval "$gold" "$out/$name.raw.conllu") <(python3 "$shared/tools/ud_eval.py" "$gold" "$out/$name.raw.conllu")
  echo "== $name: gold words -> sokhan (sokhan eval | ud_eval.py)"
  paste <("$bin" eval "$gold" "$out/$name.gold-words.conllu") <(python3 "$shared/tools/ud_eval.py" "$gold" "$out/$name.gold-words.conllu")
}
run perdt-val target/splits/perdt-val.conllu
run seraji-dev "$shared/data/seraji-dev.conllu"
