#!/usr/bin/env python3
"""Tagging accuracy and speed: hazm's CRF POSTagger trained on the same PerDT train split as
Sokhan's tagger, scored beside Sokhan on the gold words of the validation slice, in one run.

hazm is trained here on target/splits/perdt-train.conllu (UPOS model and XPOS model, hazm's
default CRF settings) and never sees the validation slice. Sokhan's embedded tagger was trained on
the same split plus Bijankhan/Seraji evidence (see crates/sokhan/models/README.md).

usage: .venv-peers/bin/python bench/tagger_peers.py [--train FILE] [--gold FILE] [--sokhan PATH]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def read(path):
    sents, cur = [], []
    for line in open(path, encoding="utf-8"):
        c = line.rstrip("\n").split("\t")
        if len(c) == 10 and c[0].isdigit():
            cur.append((c[1], c[3], c[4]))
        elif not line.strip() and cur:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents


def accuracy(gold, pred):
    ok = sum(1 for g, p in zip(gold, pred) if g == p)
    return 100.0 * ok / len(gold)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default="target/splits/perdt-train.conllu")
    ap.add_argument("--gold", default="target/splits/perdt-val.conllu")
    ap.add_argument("--sokhan", default="target/release/sokhan")
    a = ap.parse_args()
    train, gold = read(a.train), read(a.gold)
    words = [[w for w, _, _ in s] for s in gold]
    n = sum(len(s) for s in gold)
    print(f"train {sum(len(s) for s in train)} words, validation {n} gold words")

    import hazm
    rows = []
    tmp = tempfile.mkdtemp()
    for col, name in ((1, "UPOS"), (2, "XPOS")):
        tagger = hazm.POSTagger()
        t0 = time.perf_counter()
        tagger.train([[(w[0], w[col]) for w in s] for s in train], verbose=False,
                     file_name=os.path.join(tmp, f"hazm-{name}.model"), report_duration=False)
        t_train = time.perf_counter() - t0
        t0 = time.perf_counter()
        pred = tagger.tag_sents(words)
        dt = time.perf_counter() - t0
        acc = accuracy([w[col] for s in gold for w in s], [t for s in pred for _, t in s])
        rows.append((f"hazm 0.12.1 CRF ({name} model)", name, acc, n / dt, t_train))

    blank = subprocess.run([sys.executable, "../shared/tools/blank_conllu.py", a.gold], capture_output=True,
                           text=True, check=True).stdout
    t0 = time.perf_counter()
    out = subprocess.run([a.sokhan, "analyze", "--input-format", "conllu", "--format", "conllu", "-"],
                         input=blank, capture_output=True, text=True, check=True).stdout
    dt = time.perf_counter() - t0
    sys_rows = [c.split("\t") for c in out.splitlines()]
    sys_rows = [c for c in sys_rows if len(c) == 10 and c[0].isdigit()]
    for col, name in ((3, "UPOS"), (4, "XPOS")):
        acc = accuracy([w[1 if name == "UPOS" else 2] for s in gold for w in s], [c[col] for c in sys_rows])
        rows.append(("sokhan (embedded model)", name, acc, n / dt, None))

    print(f"{'system':32s} {'tag':5s} {'accuracy':>9s} {'words/s':>12s} {'train s':>8s}")
    for sysname, tag, acc, wps, tt in rows:
        extra = "" if tt is None else f"{tt:8.1f}"
        note = " (whole process: start-up, model load, CoNLL-U I/O)" if tt is None else ""
        print(f"{sysname:32s} {tag:5s} {acc:8.2f}% {wps:12,.0f} {extra}{note}")


if __name__ == "__main__":
    main()
