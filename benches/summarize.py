#!/usr/bin/env python3
"""Reads the hyperfine and /usr/bin/time results left by benches/run.sh and prints the medians,
the ratios against the targets and the machine they came from. When a baseline binary was
measured in the same rounds, its figures are printed beside the current ones. The floor probe's
time is its walk less its plan loading, both medians of the same rounds."""

import glob
import json
import os
import re
import statistics
import sys

TARGET_FD, TARGET_CONTROLS, TARGET_RSS_MIB = 1.5, 1.3, 64


FLOOR = None


def kind(command, baseline):
    if FLOOR and command.startswith(FLOOR + " "):
        return "floor-load" if command.split()[1] == "load" else "floor-walk"
    if command.startswith("fdfind"):
        return "fd+stat" if " -S " in command else "fd"
    if command.startswith("find"):
        return "find"
    who = "base" if baseline and command.startswith(baseline + " ") else "soc2"
    return who + ("+gen" if "--controls" in command else "")


def load(work, name, baseline):
    """The median of every run per command kind, each round's medians, and the mean CPU time
    (user + system) per command kind."""
    times, rounds, cpu = {}, [], {}
    for path in sorted(glob.glob(os.path.join(work, f"{name}-*.json"))):
        with open(path, encoding="utf-8") as f:
            results = json.load(f)["results"]
        medians = {}
        for result in results:
            k = kind(result["command"], baseline)
            times.setdefault(k, []).extend(result["times"])
            medians[k] = statistics.median(result["times"])
            cpu.setdefault(k, []).append(result["user"] + result["system"])
        rounds.append(medians)
    cpu = {k: statistics.mean(v) for k, v in cpu.items()}
    medians = {k: statistics.median(v) for k, v in times.items()}
    for table in [medians] + rounds:
        if "floor-walk" in table and "floor-load" in table:
            table["floor"] = table["floor-walk"] - table["floor-load"]
    return medians, rounds, cpu


def ratio(label, medians, rounds, top, bottom, target=None):
    value = medians[top] / medians[bottom]
    per_round = sorted(r[top] / r[bottom] for r in rounds)
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target}: {'met' if value <= target else 'NOT met'}"
    print(f"  {label:<42} {value:5.2f}  (rounds {per_round[0]:.2f}..{per_round[-1]:.2f}){verdict}")


def peak_rss_mib(work, who, variant):
    values = []
    for path in glob.glob(os.path.join(work, f"rss-{who}-{variant}-*.txt")):
        with open(path, encoding="utf-8") as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
        if m:
            values.append(int(m.group(1)) / 1024)
    return max(values) if values else None


def machine(work):
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open(os.path.join(work, "load-start"), encoding="utf-8") as f:
        start = " ".join(f.read().split()[:3])
    with open("/proc/loadavg", encoding="utf-8") as f:
        end = " ".join(f.read().split()[:3])
    return f"{os.cpu_count()} CPUs, {model}; load average (1/5/15 min) {start} at start, {end} at end"


def main():
    work, sizes, largest, binary = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4]
    baseline = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
    global FLOOR
    FLOOR = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else None
    print(f"soc2 benchmark: {binary}" + (f" (baseline {baseline})" if baseline else ""))
    print(f"machine: {machine(work)}")
    whos = ["soc2"] + (["base"] if baseline else [])
    for size in sizes:
        walk, walk_rounds, walk_cpu = load(work, f"walk-{size}", baseline)
        ctl, ctl_rounds, ctl_cpu = load(work, f"controls-{size}", baseline)
        print(f"\n{size} files, medians in ms: fd {walk['fd'] * 1e3:.1f}, find {walk['find'] * 1e3:.1f}, "
              f"fd reading every size {walk['fd+stat'] * 1e3:.1f}")
        ratio("fd reading every size / fd", walk, walk_rounds, "fd+stat", "fd")
        plan = os.path.join(work, f"floor-{size}.txt")
        if os.path.exists(plan):
            with open(plan, encoding="utf-8") as f:
                print("  " + f.read().strip())
        if "floor" in walk:
            print(f"  floor (benches/floor.rs) {walk['floor'] * 1e3:.1f} ms: the least any "
                  "implementation of SPEC section 4 can take")
            ratio("floor / fd", walk, walk_rounds, "floor", "fd")
        for who in whos:
            name = "soc2" if who == "soc2" else "baseline"
            print(f"  {name}: built-in {walk[who] * 1e3:.1f}, "
                  f"with 1,000 controls {ctl[who + '+gen'] * 1e3:.1f} (built-in {ctl[who] * 1e3:.1f})")
        for who in whos:
            name = "soc2" if who == "soc2" else "baseline"
            ratio(f"{name} / fd", walk, walk_rounds, who, "fd",
                  TARGET_FD if size == largest else None)
            ratio(f"{name} / find (information)", walk, walk_rounds, who, "find")
            ratio(f"{name} / fd reading sizes (information)", walk, walk_rounds, who, "fd+stat")
            if "floor" in walk:
                ratio(f"{name} / floor (information)", walk, walk_rounds, who, "floor")
            ratio(f"{name} 1,000 controls / built-in", ctl, ctl_rounds, who + "+gen", who,
                  TARGET_CONTROLS)
            print(f"  {name + ' CPU time (user+sys) / fd':<42} "
                  f"{walk_cpu[who] / walk_cpu['fd']:5.2f}  (information: "
                  f"{walk_cpu[who] * 1e3:.0f} ms against {walk_cpu['fd'] * 1e3:.0f} ms; "
                  f"1,000 controls / built-in {ctl_cpu[who + '+gen'] / ctl_cpu[who]:.2f})")
    print()
    for who in whos:
        name = "soc2" if who == "soc2" else "baseline"
        builtin, gen = peak_rss_mib(work, who, "builtin"), peak_rss_mib(work, who, "gen")
        if builtin is None or gen is None:
            continue
        verdict = "met" if builtin <= TARGET_RSS_MIB else "NOT met"
        print(f"{name} peak RSS on {largest} files: {builtin:.1f} MiB built-in "
              f"(target <= {TARGET_RSS_MIB} MiB: {verdict}), {gen:.1f} MiB with 1,000 controls")


if __name__ == "__main__":
    main()
