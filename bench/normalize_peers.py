#!/usr/bin/env python3
"""Normalization accuracy, side by side: Sokhan and the Python peers on the same cases.

Reads bench/normalize_cases.tsv (category, messy input, expected output, `|` between equally
correct spellings; written for this project; --cases picks another file, such as the held-out
bench/normalize_cases_heldout.tsv), runs each available system's normalizer on every input and counts exact matches per
category. Before comparing, whitespace runs are collapsed and a ZWNJ after a letter that does
not join the next one (ا د ذ ر ز ژ و آ) is dropped: it changes nothing on screen (`سرد‌تر` and
`سردتر` look the same), so no system is counted wrong for it.

Systems: sokhan (`sokhan normalize`, one case a line), hazm (`Normalizer().normalize`), rishe
(`Pipeline().normalize`), parsivar (`Normalizer().normalize`), with their default settings.

Run with the peers venv:  .venv-peers/bin/python bench/normalize_peers.py [--show N]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.dont_write_bytecode = True

MARKS = {"<ZWNJ>": "\u200c", "<RLM>": "\u200f", "<ZWSP>": "\u200b", "<TATWEEL>": "\u0640"}
NON_JOINING = "اأإدذرزژوؤآ"


def unmark(s: str) -> str:
    for k, v in MARKS.items():
        s = s.replace(k, v)
    return s


def canon(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub("([" + NON_JOINING + "])\u200c", r"\1", s)


def correct(got: str, want: str) -> bool:
    """Whether `got` is one of the `|`-separated spellings of `want`."""
    return any(canon(got) == canon(w) for w in want.split("|"))


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cat, src, want = line.split("\t")
        cases.append((cat, unmark(src), unmark(want)))
    return cases


def sokhan(binary: Path, inputs: list[str]) -> list[str] | None:
    if not binary.is_file():
        return None
    out = subprocess.run([str(binary), "normalize", "-"], input="\n".join(inputs) + "\n", capture_output=True, text=True, check=True).stdout
    lines = out.split("\n")
    return lines[: len(inputs)] if len(lines) >= len(inputs) else None


def python_peer(name: str):
    try:
        if name == "hazm":
            import hazm

            return hazm.Normalizer().normalize
        if name == "rishe":
            import rishe

            return rishe.Pipeline().normalize
        if name == "parsivar":
            import parsivar

            return parsivar.Normalizer().normalize
    except Exception as e:  # a peer that is not installed or fails to load is skipped
        print(f"{name}: unavailable ({type(e).__name__}: {e})", file=sys.stderr)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=str(HERE / "normalize_cases.tsv"))
    ap.add_argument("--sokhan", default=str(REPO / "target" / "release" / "sokhan"))
    ap.add_argument("--show", type=int, default=0, help="print up to N misses per system")
    args = ap.parse_args()

    cases = read_cases(Path(args.cases))
    inputs = [c[1] for c in cases]
    outputs: "OrderedDict[str, list[str]]" = OrderedDict()
    s = sokhan(Path(args.sokhan), inputs)
    if s is None:
        print("sokhan: binary missing (cargo build --release -p sokhan-cli)", file=sys.stderr)
    else:
        outputs["sokhan"] = s
    for name in ["hazm", "rishe", "parsivar"]:
        f = python_peer(name)
        if f is None:
            continue
        outs = []
        for x in inputs:
            try:
                outs.append(f(x))
            except Exception as e:  # count a crash as a miss
                outs.append(f"<error {type(e).__name__}>")
        outputs[name] = outs

    cats = list(OrderedDict.fromkeys(c[0] for c in cases))
    systems = list(outputs)
    print(f"{'category':<14}{'cases':>6}" + "".join(f"{s:>10}" for s in systems))
    totals = {s: 0 for s in systems}
    for cat in cats:
        idx = [i for i, c in enumerate(cases) if c[0] == cat]
        row = f"{cat:<14}{len(idx):>6}"
        for s in systems:
            ok = sum(correct(outputs[s][i], cases[i][2]) for i in idx)
            totals[s] += ok
            row += f"{ok:>10}"
        print(row)
    print(f"{'all':<14}{len(cases):>6}" + "".join(f"{totals[s]:>10}" for s in systems))
    print(f"{'accuracy %':<14}{'':>6}" + "".join(f"{100 * totals[s] / len(cases):>10.1f}" for s in systems))
    if args.show:
        for s in systems:
            misses = [(c, outputs[s][i]) for i, c in enumerate(cases) if not correct(outputs[s][i], c[2])]
            print(f"\n{s}: {len(misses)} misses")
            for (cat, src, want), got in misses[: args.show]:
                print(f"  [{cat}] {src!r}\n      want {want!r}\n      got  {got!r}")


if __name__ == "__main__":
    main()
