#!/usr/bin/env python3
"""Writes Sokhan's fixed train/validation split of PerDT dev.

Sentence i (0-based, in file order) of perdt-dev.conllu is VALIDATION when i % 10 == 9, TRAIN
otherwise. Nothing trained by Sokhan ever reads the validation file.

usage: splits.py [SHARED_DATA_DIR] [OUT_DIR]   (defaults: ../shared/data target/splits)
"""
import os
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
out = sys.argv[2] if len(sys.argv) > 2 else "target/splits"
os.makedirs(out, exist_ok=True)
blocks = open(os.path.join(data, "perdt-dev.conllu"), encoding="utf-8").read().strip("\n").split("\n\n")
train = [b for i, b in enumerate(blocks) if i % 10 != 9]
val = [b for i, b in enumerate(blocks) if i % 10 == 9]
for name, part in (("perdt-train.conllu", train), ("perdt-val.conllu", val)):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\n\n".join(part) + "\n\n")
print(f"{len(train)} train, {len(val)} validation sentences -> {out}/")
