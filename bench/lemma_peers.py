#!/usr/bin/env python3
"""Lemma accuracy of the peers on the gold words of a CoNLL-U file, beside Sokhan's.

Every word of GOLD is lemmatized from its FORM alone (no POS), as Sokhan is in
`sokhan analyze --input-format conllu` on blanked input. hazm returns `past#present` for verbs;
PerDT lemmas are the past stem, so the part before `#` is used (the fairest reading of hazm).
Sokhan is run on the same words through the CLI and scored the same way.

usage: .venv-peers/bin/python bench/lemma_peers.py [GOLD] [--sokhan PATH]
"""
import argparse
import subprocess
import sys
import time


def read_words(path):
    words = []
    for line in open(path, encoding="utf-8"):
        c = line.rstrip("\n").split("\t")
        if len(c) == 10 and c[0].isdigit():
            words.append((c[1], c[2]))
    return words


def score(name, words, lemmatize):
    t = time.perf_counter()
    pred = [lemmatize(f) for f, _ in words]
    dt = time.perf_counter() - t
    ok = sum(1 for p, (_, g) in zip(pred, words) if p == g)
    print(f"{name:24s} {100 * ok / len(words):6.2f}%  ({ok}/{len(words)})  {len(words) / dt:,.0f} words/s")
    return ok / len(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default="target/splits/perdt-val.conllu")
    ap.add_argument("--sokhan", default="target/release/sokhan")
    a = ap.parse_args()
    words = read_words(a.gold)
    print(f"{a.gold}: {len(words)} gold words")

    import hazm
    hl = hazm.Lemmatizer()
    score("hazm 0.12.1", words, lambda f: hl.lemmatize(f).split("#")[0] or f)
    try:
        import rishe
        rl = rishe.Lemmatizer()
        score("rishe 0.5.1", words, lambda f: (rl.lemmatize(f) or f).split("#")[0])
    except Exception as e:  # noqa: BLE001
        print(f"rishe: not scored ({e})")

    blank = subprocess.run([sys.executable, "../shared/tools/blank_conllu.py", a.gold], capture_output=True, text=True, check=True).stdout
    t = time.perf_counter()
    out = subprocess.run([a.sokhan, "analyze", "--input-format", "conllu", "--format", "conllu", "-"], input=blank, capture_output=True, text=True, check=True).stdout
    dt = time.perf_counter() - t
    pred = [c[2] for c in (l.split("\t") for l in out.splitlines()) if len(c) == 10 and c[0].isdigit()]
    ok = sum(1 for p, (_, g) in zip(pred, words) if p == g)
    print(f"{'sokhan':24s} {100 * ok / len(words):6.2f}%  ({ok}/{len(words)})  {len(words) / dt:,.0f} words/s (whole process)")


if __name__ == "__main__":
    main()
