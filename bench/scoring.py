"""Benchmark of the classification engine (prints figures; never asserts timings).

1. One batch of 100,000 people in 2,000 task groups through ``python -m scoring classify FILE``,
   against a bare ``json.load`` + ``json.dump`` of the same file (both as fresh processes;
   median of 3 runs). Goal: ratio <= 3.
2. 2,000,000 people across 20,000 task groups in-process through ``scoring.classify`` (dict in,
   dict out, validation included): 20 agency batches of 100,000 people with 1,000 task groups
   each, because a batch is one quota scope (one agency); ``--single`` also runs them as ONE
   batch of 2,000,000 people with 20,000 groups. Goal: < 20 s. Peak memory: ru_maxrss.

Run: ``python bench/scoring.py`` from the repository root; ``--only 2m`` runs only part 2 (and
``--only cli`` only part 1). Times are printed as wall AND CPU seconds: on a shared machine the
CPU time (``time.process_time``, ``getrusage``) is the steadier figure. ``--profile`` prints the
cProfile of one 100,000-person batch instead.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scoring  # noqa: E402

OUT = ROOT / "bench" / "out"


def make_people(n: int, groups: int, seed: int, prefix: str = "") -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    people = []
    for i in range(n):
        r = rnd.random()
        group = "cong_chuc" if r < 0.6 else ("vien_chuc" if r < 0.95 else "nguoi_lao_dong")
        position = "staff" if rnd.random() < 0.85 else rnd.choice(("manager", "unit_head"))
        p: dict[str, Any] = {
            "id": f"{prefix}{i}",
            "group": group,
            "position": position,
            "task_group": f"g{i % groups}",
            "months_worked": 12,
            "unit_has_regulation": True,
        }
        if rnd.random() < 0.5:
            p["score"] = round(rnd.uniform(40, 100), 2)
        else:
            p["period_scores"] = [round(rnd.uniform(40, 100), 2) for _ in range(4)]
        if position == "unit_head":
            p["unit_level"] = rnd.choice(("HTXS", "HTT", "HTT", "HTNV"))
        if rnd.random() < 0.03:
            p["months_worked"] = 5
            p["leave"] = [{"kind": rnd.choice(("sick", "maternity", "unpaid")), "months": 7}]
        if rnd.random() < 0.02:
            p["discipline"] = [
                {
                    "sanction": "reprimand",
                    "system": "state",
                    "duty_related": rnd.random() < 0.7,
                    "effective_year": 2026,
                    "act": f"a{i}",
                }
            ]
        people.append(p)
    return people


CPU: dict[str, float] = {}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_run(label: str, cmd: list[str], runs: int = 3) -> float:
    """Median wall time; the child's median CPU time is kept in CPU[label]: on a shared
    machine the CPU time is the steadier figure."""
    times = []
    cpus = []
    for _ in range(runs):
        c0 = children_cpu()
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        cpus.append(children_cpu() - c0)
    CPU[label] = statistics.median(cpus)
    return statistics.median(times)


def cli_benchmark() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "batch_100k.json"
    batch = {"year": 2026, "people": make_people(100_000, 2_000, seed=1)}
    path.write_text(json.dumps(batch), encoding="utf-8")
    size_mb = path.stat().st_size / 1e6
    bare = median_run(
        "bare",
        [
            sys.executable,
            "-c",
            "import json,sys; json.dump(json.load(open(sys.argv[1])), sys.stdout)",
            str(path),
        ],
    )
    fast = median_run(
        "fast",
        [
            sys.executable,
            "-c",
            "import json,sys; d=json.loads(open(sys.argv[1],'rb').read()); "
            "sys.stdout.write(json.dumps(d))",
            str(path),
        ],
    )
    engine = median_run("engine", [sys.executable, "-m", "scoring", "classify", str(path)])
    print(f"[1] 100,000 people, 2,000 task groups, input {size_mb:.1f} MB (median of 3 runs)")
    print(f"    bare json.load + json.dump : {bare:6.2f} s   (json.dump streams in pure Python)")
    print(f"    bare json.loads + json.dumps (C encoder): {fast:6.2f} s")
    print(f"    python -m scoring classify : {engine:6.2f} s")
    print(f"    ratio vs json.load+dump    : {engine / bare:6.2f} x   (goal <= 3)")
    print(f"    ratio vs json.loads+dumps  : {engine / fast:6.2f} x")
    print(
        f"    CPU time: engine {CPU['engine']:.2f} s, json.load+dump {CPU['bare']:.2f} s, "
        f"json.loads+dumps {CPU['fast']:.2f} s (ratios {CPU['engine'] / CPU['bare']:.2f} x, "
        f"{CPU['engine'] / CPU['fast']:.2f} x)"
    )


def inprocess_benchmark(single: bool) -> None:
    batches = 20
    per_batch = 100_000
    elapsed = 0.0
    cpu = 0.0
    counted = 0
    for b in range(batches):
        people = make_people(per_batch, 1_000, seed=100 + b, prefix=f"b{b}-")
        batch = {"year": 2026, "people": people}
        t0 = time.perf_counter()
        c0 = time.process_time()
        out = scoring.classify(batch)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        counted += len(out["people"])
        del out, batch, people
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[2] {counted:,} people, {batches} agency batches x 1,000 task groups = 20,000 groups")
    print("    classify (validate + classify + quota + output dicts), goal < 20 s:")
    print(f"    wall {elapsed:6.2f} s  ({elapsed / counted * 1e6:5.2f} us a person)")
    print(f"    CPU  {cpu:6.2f} s  ({cpu / counted * 1e6:5.2f} us a person)")
    print(f"    peak RSS so far: {peak_mb:,.0f} MB")
    if single:
        people = []
        for b in range(batches):
            part = make_people(per_batch, 1_000, seed=100 + b, prefix=f"b{b}-")
            for p in part:  # 20,000 distinct groups across the whole batch
                p["task_group"] = f"b{b}-{p['task_group']}"
            people.extend(part)
        batch = {"year": 2026, "people": people}
        t0 = time.perf_counter()
        c0 = time.process_time()
        out = scoring.classify(batch)
        single_s = time.perf_counter() - t0
        single_cpu = time.process_time() - c0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"[3] ONE batch of {len(out['people']):,} people, {len(out['quotas']) - 1:,} groups")
        print(f"    classify: {single_s:6.2f} s, {len(people) / single_s:,.0f} people/s")
        print(f"    CPU time {single_cpu:6.2f} s")
        print(f"    peak RSS (input + output held): {peak_mb:,.0f} MB")


def profile() -> None:
    import cProfile
    import pstats

    batch = {"year": 2026, "people": make_people(100_000, 1_000, seed=100)}
    scoring.classify(batch)  # warm the caches
    profiler = cProfile.Profile()
    profiler.enable()
    scoring.classify(batch)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def machine_load() -> str:
    one, five, _ = (f"{x:.2f}" for x in os.getloadavg())
    return f"load average {one} (1 min), {five} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", action="store_true", help="also one 2,000,000 batch")
    parser.add_argument("--skip-cli", action="store_true", help="same as --only 2m")
    parser.add_argument("--only", choices=("cli", "2m"), help="run one part only")
    parser.add_argument("--profile", action="store_true", help="cProfile one 100,000 batch")
    args = parser.parse_args()
    if args.profile:
        profile()
        return
    print(f"Python {sys.version.split()[0]}; {machine_load()}")
    if args.only != "2m" and not args.skip_cli:
        cli_benchmark()
    if args.only != "cli":
        inprocess_benchmark(args.single)
    print(f"after: {machine_load()}")


if __name__ == "__main__":
    main()
