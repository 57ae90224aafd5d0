#!/usr/bin/env python3
"""Deterministic synthetic data for the soc2 benchmarks.

Builds, from a fixed seed:
  * an evidence tree of N files over 40 folders taken from the built-in library's paths
    (controls/*.yaml), files 2 to 4 folders deep, about 60% with a date token in the name, a mix of
    .md/.pdf/.csv/.png/.json with sizes from hundreds of bytes to megabytes (sparse past their first
    8 KiB), Markdown with front matter (a few drafts), 1% byte-identical copies and a share of
    files that no built-in requirement matches (archives under `name*` folders);
  * a library folder of 1,000 generated controls (GEN-0001..GEN-1000, valid per SPEC section 3)
    whose globs hit that tree.

The same seed and the same controls/*.yaml always give the same bytes. Usage:

  python3 benches/gen.py tree --files 100000 --out bench-data/tree-100k
  python3 benches/gen.py library --out bench-data/gen-controls
"""

import argparse
import json
import os
import random
import re
import shutil
import sys
from datetime import date, timedelta

# Bump when the output changes, so run.sh regenerates stale data.
VERSION = 2
SEED = 20260630
FOLDERS = 40
EXTENSIONS = [("md", 20), ("pdf", 25), ("csv", 25), ("png", 15), ("json", 15)]
SYSTEMS = [
    "aws", "gcp", "azure", "github", "gitlab", "okta", "google-workspace", "slack", "jira",
    "datadog", "pagerduty", "salesforce", "stripe", "snowflake", "postgres", "kubernetes",
    "cloudflare", "vault", "jamf", "crowdstrike", "zendesk", "hubspot", "workday", "netsuite",
]
WORDS = [
    "export", "review", "report", "record", "ticket", "evidence", "signoff", "summary", "log",
    "screenshot", "attestation", "minutes", "scan", "checklist", "approval", "results",
]
CRITERIA = (
    [f"CC1.{i}" for i in range(1, 6)] + [f"CC2.{i}" for i in range(1, 4)]
    + [f"CC3.{i}" for i in range(1, 5)] + [f"CC4.{i}" for i in range(1, 3)]
    + [f"CC5.{i}" for i in range(1, 4)] + [f"CC6.{i}" for i in range(1, 9)]
    + [f"CC7.{i}" for i in range(1, 6)] + ["CC8.1", "CC9.1", "CC9.2"]
    + [f"A1.{i}" for i in range(1, 4)] + [f"PI1.{i}" for i in range(1, 6)]
    + ["C1.1", "C1.2", "P1.1", "P2.1", "P3.1", "P3.2", "P4.1", "P4.2", "P4.3", "P5.1", "P5.2"]
    + [f"P6.{i}" for i in range(1, 8)] + ["P7.1", "P8.1"]
)
START = date(2025, 1, 1)
DAYS = (date(2026, 6, 30) - START).days


def library_globs(repo):
    """Every glob of the built-in library, in file order."""
    globs = []
    folder = os.path.join(repo, "controls")
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\s*paths:\s*(\[.*\])\s*$", line)
                if m:
                    globs.extend(json.loads(m.group(1)))
    return globs


def choose_folders(repo, rng):
    """40 evidence folders: `dir/**` globs give deep folders, `dir/name*` globs flat ones."""
    deep, flat = set(), {}
    for glob in library_globs(repo):
        if glob.endswith("/**"):
            deep.add(glob[:-3])
        elif glob.endswith("*") and "/" in glob and "**" not in glob:
            parent, name = glob.rsplit("/", 1)
            flat.setdefault(parent, []).append(name.rstrip("*"))
    if len(deep) < 34 or len(flat) < 6:
        sys.exit("gen.py: the built-in library has too few folders to build the benchmark tree")
    chosen = [(d, "deep", []) for d in rng.sample(sorted(deep), 34)]
    chosen += [(p, "flat", sorted(flat[p])) for p in rng.sample(sorted(flat), 6)]
    return sorted(chosen)


def token(rng, day):
    """A date token in one of the SPEC section 4 shapes."""
    r = rng.random()
    if r < 0.60:
        return day.isoformat()
    if r < 0.75:
        return day.strftime("%Y%m%d")
    if r < 0.85:
        return day.strftime("%Y-%m")
    if r < 0.95:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def pick_ext(rng):
    return rng.choices([e for e, _ in EXTENSIONS], [w for _, w in EXTENSIONS])[0]


# Sizes by extension, log-uniform between these bounds (bytes): exports and screenshots run from
# kilobytes to megabytes, so files of one requirement rarely share a size, as in a real tree.
SIZES = {
    "md": (300, 32 << 10),
    "csv": (400, 1 << 20),
    "json": (300, 512 << 10),
    "pdf": (20 << 10, 4 << 20),
    "png": (20 << 10, 2 << 20),
}
# Bytes of real (random) content at the head of each file; past that a file is a hole, so the
# 100,000-file tree takes well under a gigabyte of disk whatever its apparent size.
DENSE = 8 << 10


def body(rng, ext, day):
    """(head bytes, apparent size): deterministic content with a plausible header."""
    low, high = SIZES[ext]
    size = int(low * (high / low) ** rng.random())
    filler = rng.randbytes(min(size, DENSE))
    if ext == "md":
        head = b""
        r = rng.random()
        if r < 0.5:
            head = f"---\ntitle: Record\ndate: {day.isoformat()}\nowner: security\n---\n".encode()
        elif r < 0.52:
            head = b"---\ntitle: Template\nstatus: draft\n---\n"
        data = head + b"# Record\n\n" + filler.hex().encode()
    elif ext == "csv":
        data = b"user,system,decision,date\n" + filler.hex().encode()
    elif ext == "json":
        data = b'{"items": "' + filler.hex().encode() + b'"}\n'
    elif ext == "png":
        data = b"\x89PNG\r\n\x1a\n" + filler
    else:
        data = b"%PDF-1.7\n" + filler
    data = data[: min(size, DENSE)]
    return data, max(size, len(data))


def write_tree(repo, out, files):
    rng = random.Random(SEED)
    folders = choose_folders(repo, rng)
    weights = [rng.randint(1, 6) for _ in folders]
    root = os.path.join(out, "evidence")
    made = set()
    written = {}
    for i in range(files):
        folder, kind, prefixes = rng.choices(folders, weights)[0]
        day = START + timedelta(days=rng.randrange(DAYS + 1))
        ext = pick_ext(rng)
        word = rng.choice(WORDS)
        if kind == "flat":
            if rng.random() < 0.7:
                # Matched: directly in the folder, named for one of its globs.
                parts = [folder]
                stem = f"{rng.choice(prefixes)}-{word}-{i:06d}"
            else:
                # Not matched by the built-in library: `*` stays inside one folder.
                parts = [folder, "archive", str(day.year)][: rng.randint(2, 3)]
                stem = f"{word}-{i:06d}"
        else:
            system = rng.choice(SYSTEMS)
            depth = rng.randint(0, 2)
            period = rng.choice([str(day.year), day.strftime("%Y-%m"), f"{day.year}-Q{(day.month - 1) // 3 + 1}"])
            sub = [system, period][:depth]
            parts = [folder] + sub
            stem = f"{system}-{word}-{i:06d}"
        if rng.random() < 0.60:
            tok = token(rng, day)
            stem = f"{tok}-{stem}" if rng.random() < 0.5 else f"{stem}-{tok}"
        rel_dir = "/".join(parts)
        path = os.path.join(root, rel_dir, f"{stem}.{ext}")
        if rel_dir not in made:
            os.makedirs(os.path.join(root, rel_dir), exist_ok=True)
            made.add(rel_dir)
        recent = written.setdefault(folder, [])
        if recent and rng.random() < 0.01:
            # A byte-identical copy of an earlier file of the same folder (a re-filed export).
            content = recent[rng.randrange(len(recent))]
        else:
            content = body(rng, ext, day)
            if len(recent) < 50:
                recent.append(content)
            else:
                recent[rng.randrange(50)] = content
        data, size = content
        with open(path, "wb") as f:
            f.write(data)
            f.truncate(size)
    return folders


def write_library(repo, out, controls):
    rng = random.Random(SEED + 1)
    # The same folders as the tree: choose_folders draws first from a fresh Random(SEED).
    folders = choose_folders(repo, random.Random(SEED))
    cadences = ["day", "week", "month", "quarter", "half-year", "year", "event"]
    os.makedirs(out, exist_ok=True)
    per_file = 100
    for f in range(0, controls, per_file):
        lines = ["# Generated for the soc2 benchmarks (benches/gen.py); not a real library.", "controls:"]
        for n in range(f + 1, min(f + per_file, controls) + 1):
            folder, kind, prefixes = rng.choice(folders)
            system = rng.choice(SYSTEMS)
            criteria = sorted(rng.sample(CRITERIA, rng.randint(1, 3)))
            lines += [
                f"  - id: GEN-{n:04d}",
                f"    title: Generated control {n} for {system}",
                f"    description: Synthetic control {n}; its evidence lives under {folder}.",
                f"    criteria: [{', '.join(criteria)}]",
                f"    risk: {rng.choice(['high', 'medium', 'low'])}",
                "    evidence:",
            ]
            for r in range(rng.randint(1, 3)):
                if kind == "flat":
                    glob = f"{folder}/{rng.choice(prefixes)}*"
                else:
                    glob = rng.choice([
                        f"{folder}/{system}/**",
                        f"{folder}/{system}/*.{pick_ext(rng)}",
                        f"{folder}/**/{system}-{rng.choice(WORDS)}*",
                        f"{folder}/{system}/20*/**",
                    ])
                lines += [f"      - id: req-{r + 1}", f"        title: Generated requirement {r + 1}"]
                if r == 0 and rng.random() < 0.3:
                    lines += ["        kind: design", f'        paths: ["{glob}"]', "        max_age: 1y"]
                else:
                    lines += [
                        "        kind: operating",
                        f'        paths: ["{glob}"]',
                        f"        every: {rng.choice(cadences)}",
                    ]
        name = os.path.join(out, f"gen-{f // per_file + 1:02d}.yaml")
        with open(name, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["tree", "library"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--controls", type=int, default=1000)
    parser.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = parser.parse_args()
    stamp = f"gen.py v{VERSION} seed {SEED} {args.what} files {args.files} controls {args.controls}\n"
    marker = os.path.join(args.out, ".generated")
    if os.path.exists(marker) and open(marker, encoding="utf-8").read() == stamp:
        return
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    if args.what == "tree":
        write_tree(args.repo, args.out, args.files)
    else:
        write_library(args.repo, args.out, args.controls)
    with open(marker, "w", encoding="utf-8") as f:
        f.write(stamp)


if __name__ == "__main__":
    main()
