#!/usr/bin/env python3
"""Dump each system's sentences/tokens on a small input, for eyeballing.

Takes the first --lines non-empty lines (default 50) of the input, runs every
available system on them and writes, per system, bench/out/<system>.txt in
Sokhan's `tokenize` format (one sentence per line, tokens separated by single
spaces).  Sokhan is included when its binary exists.  Then prints, per input
line, whether the systems agree on the token sequence, and shows the first
few disagreements side by side.

Run with the peers venv:  .venv-peers/bin/python bench/peers_outputs.py [FILE]
Compare afterwards with e.g.:  diff bench/out/hazm.txt bench/out/sokhan.txt
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
sys.path.insert(0, str(HERE))

import peer_systems  # noqa: E402
from peers import DEFAULT_INPUT, DEFAULT_SOKHAN, PEERS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", default=str(DEFAULT_INPUT))
    ap.add_argument("--lines", type=int, default=50, help="number of non-empty lines (default 50)")
    ap.add_argument("--sokhan", default=str(DEFAULT_SOKHAN))
    ap.add_argument("--out", default=str(HERE / "out"), help="output directory (default bench/out)")
    ap.add_argument("--show", type=int, default=5, help="disagreeing lines to print (default 5)")
    args = ap.parse_args()

    units = peer_systems.read_units(Path(args.input).read_bytes())[: args.lines]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "input.txt").write_text("\n".join(units) + "\n", encoding="utf-8")

    # per system: list (one entry per input line) of list of sentences (token lists)
    results: dict[str, list[list[list[str]]]] = {}
    for system in PEERS:
        if not peer_systems.available(system):
            print(f"{system}: not installed, skipped")
            continue
        run = peer_systems.build(system)
        results[system] = [run(u) for u in units]

    sokhan = Path(args.sokhan)
    if sokhan.is_file():
        # Sokhan reads the whole slice; map its sentences back to input lines
        # by running it line by line (slow but exact for 50 lines).
        per_line = []
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / "line.txt"
            for u in units:
                f.write_text(u + "\n", encoding="utf-8")
                out = subprocess.run([str(sokhan), "tokenize", str(f)], capture_output=True)
                if out.returncode != 0:
                    print(f"sokhan failed: {out.stderr.decode('utf-8', 'replace')[-300:]}")
                    per_line = None
                    break
                per_line.append([ln.split(" ") for ln in out.stdout.decode("utf-8").split("\n") if ln.strip()])
        if per_line is not None:
            results["sokhan"] = per_line
    else:
        print(f"sokhan binary missing ({sokhan}), skipped")

    for system, per_line in results.items():
        path = out_dir / f"{system}.txt"
        with path.open("w", encoding="utf-8") as fh:
            for sents in per_line:
                for toks in sents:
                    fh.write(" ".join(toks) + "\n")
        n_s = sum(len(s) for s in per_line)
        n_t = sum(len(t) for s in per_line for t in s)
        print(f"{system:13s} {n_s:4d} sentences {n_t:6d} tokens -> {path}")

    # Agreement on flat token sequences per input line.
    names = list(results)
    if len(names) < 2:
        return
    print("\nlines with identical token sequences (pairwise, out of", len(units), "):")
    print(" " * 14 + "".join(f"{n:>14s}" for n in names))
    for a in names:
        row = []
        for b in names:
            same = sum(
                [t for s in x for t in s] == [t for s in y for t in s]
                for x, y in zip(results[a], results[b])
            )
            row.append(f"{same:>14d}")
        print(f"{a:14s}" + "".join(row))

    shown = 0
    for i, u in enumerate(units):
        flats = {n: [t for s in results[n][i] for t in s] for n in names}
        if len({tuple(v) for v in flats.values()}) == 1:
            continue
        if shown >= args.show:
            break
        shown += 1
        print(f"\n--- line {i + 1}: {u[:120]}")
        ref = flats[names[0]]
        for n in names:
            toks = flats[n]
            # show only the tokens that differ from the first system's
            only = [t for t in toks if t not in ref] if n != names[0] else []
            extra = f"   not in {names[0]}: {only[:12]}" if only else ""
            print(f"  {n:13s} {len(toks):3d} tokens, {len(results[n][i])} sentences{extra}")


if __name__ == "__main__":
    main()
