#!/usr/bin/env python3
"""Side-by-side throughput benchmark: Sokhan vs. Python Persian NLP peers.

Task, identical for every system: "normalize + sentence split + word
tokenize" over a whole file, line by line (each non-empty line is one unit,
as `sokhan tokenize FILE` reads it).

Each Python peer runs in its own fresh interpreter (so imports and caches do
not leak between systems) with thread pools capped to 1 (RAYON_NUM_THREADS,
OMP_NUM_THREADS, ...).  Sokhan runs as `SOKHAN tokenize --jobs 1 --stats FILE > /dev/null`.

Reported per system:
  startup s   wall time of a whole process that imports/loads the system and
              processes one short sentence (best of N)
  seconds     best-of-N wall time of the task
              - Python peers: in-process, read+decode+process, excluding
                interpreter start and import (those are in `startup s`)
              - Sokhan: whole process wall (includes its own startup)
  cpu/wall    CPU time / wall time of that run; ~1.0 means single-threaded
  sokhan x    whole-process Sokhan MB/s divided by the peer's MB/s
  in-process x  Sokhan timed like the peers (`tokenize --jobs 1 --stats`) divided by the peer's MB/s

Run with the peers venv:  .venv-peers/bin/python bench/peers.py [FILE]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
sys.path.insert(0, str(HERE))

import peer_systems  # noqa: E402

DEFAULT_INPUT = REPO.parent / "shared" / "data" / "perdt-train-raw.txt"
DEFAULT_SOKHAN = REPO / "target" / "release" / "sokhan"
PEERS = ["hazm", "rishe", "rishe-compat", "parsivar"]
SINGLE_THREAD_ENV = {
    "RAYON_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONHASHSEED": "0",
}
STARTUP_TEXT = "این یک جملهٔ آزمایشی است. جملهٔ دوم!\n"


# --------------------------------------------------------------------------
# Worker: runs inside a fresh interpreter for one Python system.
# --------------------------------------------------------------------------
def worker(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    run = peer_systems.build(args.worker)
    load_s = time.perf_counter() - t0
    if args.startup_only:
        run(STARTUP_TEXT)
        return

    data = Path(args.file).read_bytes()
    data = peer_systems.slice_bytes(data, args.limit_bytes)
    run(STARTUP_TEXT)  # warm lazy initialisation, not timed

    best = None
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        n_sent = n_tok = 0
        for unit in peer_systems.read_units(data):
            for sent in run(unit):
                n_sent += 1
                n_tok += len(sent)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        if best is None or wall < best["seconds"]:
            best = {"seconds": wall, "cpu_seconds": cpu}
    threads = len(os.listdir("/proc/self/task"))
    print(json.dumps({
        **best,
        "bytes": len(data),
        "sentences": n_sent,
        "tokens": n_tok,
        "load_seconds": load_s,
        "threads_after_run": threads,
    }))


# --------------------------------------------------------------------------
# Parent helpers
# --------------------------------------------------------------------------
def child_env() -> dict:
    env = dict(os.environ)
    env.update(SINGLE_THREAD_ENV)
    return env


def timed_process(cmd, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL):
    """Run cmd; return (wall seconds, cpu seconds of the child, CompletedProcess)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, stdin=stdin,
                          env=child_env())
    wall = time.perf_counter() - w0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, proc


def best_startup(cmd, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        wall, _, proc = timed_process(cmd)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.decode("utf-8", "replace")[-2000:])
        best = min(best, wall)
    return best


def bench_python(system: str, path: Path, runs: int, limit: int) -> dict:
    res = {"system": system, "version": peer_systems.version(system)}
    if not peer_systems.available(system):
        res["error"] = "not installed"
        return res
    me = [sys.executable, str(Path(__file__).resolve()), "--worker", system]
    try:
        res["startup_seconds"] = best_startup(me + ["--startup-only"], runs)
        res["interpreter_seconds"] = best_startup([sys.executable, "-c", "pass"], runs)
        cmd = me + ["--file", str(path), "--runs", str(runs), "--limit-bytes", str(limit)]
        _, _, proc = timed_process(cmd, stdout=subprocess.PIPE)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.decode("utf-8", "replace")[-2000:])
        res.update(json.loads(proc.stdout.decode().strip().splitlines()[-1]))
    except Exception as exc:  # report and carry on with the other systems
        res["error"] = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
    res["runs"] = runs
    res["sliced"] = 0 < limit < path.stat().st_size
    return res


def bench_sokhan(binary: Path, path: Path, runs: int, all_cores: bool = False) -> dict:
    res = {"system": "sokhan-all-cores" if all_cores else "sokhan", "version": "?"}
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        res["error"] = f"sokhan binary missing ({binary})"
        return res
    try:
        v = subprocess.run([str(binary), "--version"], capture_output=True, timeout=10)
        if v.returncode == 0 and v.stdout.strip():
            res["version"] = v.stdout.decode().strip().split()[-1]
    except Exception:
        pass
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as tmp:
            tmp.write(STARTUP_TEXT)
        try:
            res["startup_seconds"] = best_startup([str(binary), "tokenize", "--jobs", "1", tmp.name], runs)
        finally:
            os.unlink(tmp.name)

        # One worker thread, as the peers run (`sokhan tokenize` uses every core by default:
        # `sokhan-all-cores` times that, reported apart from the like-for-like ratios).
        jobs = [] if all_cores else ["--jobs", "1"]
        cmd = [str(binary), "tokenize", *jobs, "--stats", str(path)]
        best = None
        best_inproc = None
        for _ in range(runs):
            wall, cpu, proc = timed_process(cmd)
            if proc.returncode != 0:
                raise RuntimeError(f"exit {proc.returncode}: "
                                   + proc.stderr.decode("utf-8", "replace")[-500:])
            if best is None or wall < best[0]:
                best = (wall, cpu)
            # `--stats`: read + process + write time with the model already loaded, the way
            # the peers' in-process seconds are taken ("… MB in 0.071 s (…").
            m = re.search(r" MB in ([0-9.]+) s \(", proc.stderr.decode("utf-8", "replace"))
            if m and (best_inproc is None or float(m.group(1)) < best_inproc):
                best_inproc = float(m.group(1))
        res["seconds"], res["cpu_seconds"] = best
        if best_inproc:
            res["inproc_seconds"] = best_inproc

        # One more (untimed) run to count sentences and tokens.
        out = subprocess.run(cmd, capture_output=True, env=child_env()).stdout.decode("utf-8")
        lines = [ln for ln in out.split("\n") if ln.strip()]
        res["sentences"] = len(lines)
        res["tokens"] = sum(len([t for t in ln.split(" ") if t]) for ln in lines)
        res["bytes"] = path.stat().st_size
        res["runs"] = runs
        res["sliced"] = False
    except Exception as exc:
        res["error"] = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
    return res


def machine_info() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "affinity": sorted(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def fmt(v, spec):
    return format(v, spec) if isinstance(v, (int, float)) else "-"


def print_table(rows, sokhan_mbs, sokhan_inproc_mbs=None):
    hdr = ["system", "version", "bytes", "seconds", "MB/s", "sentences", "tokens",
           "startup s", "cpu/wall", "sokhan x", "in-process x"]
    table = []
    for r in rows:
        if "error" in r:
            table.append([r["system"], r.get("version", "?"), "-", "-", "-", "-", "-", "-", "-",
                          "MISSING" if "missing" in r["error"] or "installed" in r["error"] else "ERROR"])
            continue
        name = r["system"] + (" (slice)" if r.get("sliced") else "")
        own = r["system"].startswith("sokhan")
        ratio = f"{sokhan_mbs / r['mb_per_s']:.1f}x" if sokhan_mbs and not own else "-"
        ratio_in = (f"{sokhan_inproc_mbs / r['mb_per_s']:.1f}x" if sokhan_inproc_mbs and not own else "-")
        table.append([name, r["version"], str(r["bytes"]), fmt(r["seconds"], ".3f"),
                      fmt(r["mb_per_s"], ".3f"), str(r["sentences"]), str(r["tokens"]),
                      fmt(r.get("startup_seconds"), ".3f"), fmt(r.get("cpu_wall"), ".2f"), ratio, ratio_in])
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(hdr)]
    line = "  ".join(h.ljust(w) for h, w in zip(hdr, widths))
    print(line)
    print("-" * len(line))
    for row in table:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    for r in rows:
        if "error" in r:
            print(f"{r['system']}: {r['error']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", default=str(DEFAULT_INPUT), help="input text file (UTF-8)")
    ap.add_argument("--sokhan", default=str(DEFAULT_SOKHAN), help="path to the sokhan binary")
    ap.add_argument("--runs", "-n", type=int, default=3, help="best of N runs (default 3)")
    ap.add_argument("--hazm-bytes", type=int, default=0,
                    help="time hazm only on the first K bytes (cut at a line end); 0 = whole file")
    ap.add_argument("--hazm-runs", type=int, default=None, help="N for hazm (default: --runs)")
    ap.add_argument("--systems", default="sokhan," + ",".join(PEERS) + ",sokhan-all-cores",
                    help="comma-separated subset of: sokhan," + ",".join(PEERS) + ",sokhan-all-cores")
    ap.add_argument("--pin", type=int, default=None, metavar="CPU",
                    help="pin every process (peers and sokhan) to one CPU core")
    ap.add_argument("--json", action="store_true", help="print a machine-readable JSON line at the end")
    # internal worker mode
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--startup-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--limit-bytes", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        worker(args)
        return

    if args.pin is not None:
        os.sched_setaffinity(0, {args.pin})  # inherited by every child process
    path = Path(args.input)
    if not path.is_file():
        sys.exit(f"input file not found: {path}")
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    info = machine_info()
    info.update({"input": str(path.resolve()), "input_bytes": path.stat().st_size,
                 "runs": args.runs, "command": " ".join([Path(sys.executable).name] + sys.argv)})
    print(f"# {info['date']}  {info['cpu']}  nproc={info['nproc']}  affinity={info['affinity']}  "
          f"loadavg={info['loadavg_start']}", file=sys.stderr)
    print(f"# input {path} ({info['input_bytes']} bytes), best of {args.runs}", file=sys.stderr)

    rows = []
    for s in systems:
        print(f"# timing {s} ...", file=sys.stderr, flush=True)
        if s in ("sokhan", "sokhan-all-cores"):
            r = bench_sokhan(Path(args.sokhan), path, args.runs, all_cores=s != "sokhan")
        elif s in PEERS:
            limit = args.hazm_bytes if s == "hazm" else 0
            runs = args.hazm_runs if (s == "hazm" and args.hazm_runs) else args.runs
            r = bench_python(s, path, runs, limit)
        else:
            r = {"system": s, "error": "unknown system"}
        if "error" not in r:
            r["mb_per_s"] = r["bytes"] / 1e6 / r["seconds"]
            r["cpu_wall"] = r["cpu_seconds"] / r["seconds"]
            r["mb_per_cpu_s"] = r["bytes"] / 1e6 / max(r["cpu_seconds"], 1e-9)
        if "error" in r:
            print(f"#   {s}: {r['error']}", file=sys.stderr)
        rows.append(r)

    sok = next((r for r in rows if r["system"] == "sokhan" and "error" not in r), None)
    if sok and sok.get("inproc_seconds"):
        # The like-for-like row: timed as the peers are (in-process, models loaded).
        inproc = dict(sok, system="sokhan-inproc", seconds=sok["inproc_seconds"])
        inproc["mb_per_s"] = inproc["bytes"] / 1e6 / inproc["seconds"]
        inproc["cpu_wall"] = float("nan")
        rows.insert(rows.index(sok) + 1, inproc)
    sokhan_mbs = sok["mb_per_s"] if sok else None
    sokhan_inproc_mbs = (sok["bytes"] / 1e6 / sok["inproc_seconds"]) if sok and sok.get("inproc_seconds") else None
    for r in rows:
        if sokhan_mbs and "error" not in r:
            r["sokhan_speedup"] = sokhan_mbs / r["mb_per_s"]
            if sokhan_inproc_mbs:
                r["sokhan_inproc_speedup"] = sokhan_inproc_mbs / r["mb_per_s"]
    info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]

    allc = next((r for r in rows if r["system"] == "sokhan-all-cores" and "error" not in r), None)
    if allc:
        rows.remove(allc)
    print()
    print_table(rows, sokhan_mbs, sokhan_inproc_mbs)
    if allc and allc.get("inproc_seconds"):
        # `sokhan tokenize` as a user runs it (every core); the peers are single-threaded.
        a_mbs = allc["bytes"] / 1e6 / allc["inproc_seconds"]
        ratios = ", ".join(f"{r['system']} {a_mbs / r['mb_per_s']:.1f}x" for r in rows
                           if r["system"] in PEERS and "error" not in r)
        print(f"\nsokhan with its default worker count ({os.cpu_count()} cores), best of {allc['runs']}: "
              f"{allc['mb_per_s']:.1f} MB/s whole process (cpu/wall {allc['cpu_wall']:.2f}), "
              f"{a_mbs:.1f} MB/s in-process; in-process ratio to the single-threaded peers: {ratios}")
    print()
    print("MB = 10^6 bytes of UTF-8 input. Peers' seconds exclude interpreter start + import "
          "(see 'startup s'). 'sokhan' is whole-process wall time (start, model load, read, "
          "process, write); 'sokhan-inproc' is the same run timed the way the peers are "
          "(`--stats`: read + process + write with the model loaded). 'sokhan x' compares "
          "whole-process Sokhan with in-process peers; 'in-process x' is like for like.")
    if any(r.get("sliced") for r in rows):
        print("(slice) = timed on the first --hazm-bytes bytes only; MB/s is still comparable.")
    for r in rows:
        if r.get("threads_after_run", 1) > 1:
            print(f"note: {r['system']} had {r['threads_after_run']} OS threads after the run "
                  f"(cpu/wall {r['cpu_wall']:.2f}; RAYON_NUM_THREADS=1 was set)")
    busy = [r["system"] for r in rows if "error" not in r and r["cpu_wall"] < 0.9 and r["seconds"] >= 0.05
             and r.get("threads_after_run", 1) == 1]
    if busy:
        print(f"WARNING: cpu/wall < 0.9 for {', '.join(busy)}: the CPU was contended "
              "(other load on the machine); rerun on an idle machine or compare CPU-time "
              "throughput (mb_per_cpu_s in --json).")
    print(f"loadavg start {info['loadavg_start']} end {info['loadavg_end']}")
    if args.json:
        print(json.dumps({"machine": info, "results": rows + ([allc] if allc else [])}, ensure_ascii=False))


if __name__ == "__main__":
    main()
