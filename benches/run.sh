#!/usr/bin/env bash
# The soc2 performance harness, in one command: builds the release binary, generates the synthetic
# data when it is missing (benches/gen.py, fixed seed), then measures with hyperfine, alternating
# the commands round by round, warm cache:
#   1. soc2 assess (built-in library) against `fdfind -u -t f` and `find -type f` on the same tree,
#      and, for information, `fdfind -u -t f -S +0b` (fd reading every file's size);
#   2. soc2 assess with 1,000 generated controls against the built-in library alone;
#   3. peak resident memory (/usr/bin/time -v) on the 100,000-file tree;
# and, in the same rounds as the first, the floor (benches/floor.rs): the file-system work SPEC §4
# obliges any implementation to do on the tree, done by a walk that knows which files matter, so
# the summary says how close soc2 is to it and how close to fd any implementation can be.
# It prints the medians, the ratios against the targets, and the machine's load.
#
# Environment: BENCH_DATA (default <repo>/bench-data, git-ignored), ROUNDS (default 10),
# RUNS per command and round (default 3), SIZES (default "10k 100k"), SOC2 (a binary to measure
# instead of building one), BASELINE (an older soc2 binary measured in the same rounds, so a change
# is judged by ratios taken side by side).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${BENCH_DATA:-$repo/bench-data}
rounds=${ROUNDS:-10}
runs=${RUNS:-3}
sizes=${SIZES:-10k 100k}

missing=()
for tool in hyperfine fdfind find python3 cargo; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[[ -x /usr/bin/time ]] || missing+=("/usr/bin/time")
if ((${#missing[@]})); then
    echo "run.sh: missing ${missing[*]}; on Debian: apt-get install -y hyperfine fd-find time python3" >&2
    exit 2
fi

if [[ -z ${SOC2:-} ]]; then
    echo "== building the release binary" >&2
    (cd "$repo" && cargo build --release --locked --quiet)
    SOC2=${CARGO_TARGET_DIR:-$repo/target}/release/soc2
fi
echo "== building the floor probe" >&2
FLOOR=$(cd "$repo" && cargo build --release --locked --quiet --bench floor --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "floor" and m.get("executable"):
        print(m["executable"])')
[[ -x $FLOOR ]] || { echo "run.sh: the floor probe did not build" >&2; exit 1; }

echo "== generating data under $data (skipped when up to date)" >&2
for size in $sizes; do
    python3 "$repo/benches/gen.py" tree --files "$((${size%k} * 1000))" --out "$data/tree-$size"
done
python3 "$repo/benches/gen.py" library --controls 1000 --out "$data/gen-controls"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat /proc/loadavg >"$work/load-start"
baseline=${BASELINE:-}

# Type II over a year with every category in scope, so every built-in control is assessed.
assess=(assess --format json --as-of 2026-06-30 --period 2025-07-01..2026-06-30
    --criteria security,availability,processing-integrity,confidentiality,privacy)

# measure NAME CMD...: ROUNDS rounds of hyperfine, each running every command RUNS times after one
# warm-up run, with the order of the commands rotated from round to round.
measure() {
    local name=$1
    shift
    local cmds=("$@") r i
    for ((r = 0; r < rounds; r++)); do
        local order=()
        for ((i = 0; i < ${#cmds[@]}; i++)); do
            order+=("${cmds[$(((i + r) % ${#cmds[@]}))]}")
        done
        # hyperfine's warnings about outliers on a busy machine go to a log, not the screen:
        # the rounds' spread printed at the end says the same thing.
        if ! hyperfine -N --style none --warmup 1 --runs "$runs" \
            --export-json "$work/$name-$r.json" "${order[@]}" >/dev/null 2>>"$work/hyperfine.log"; then
            cat "$work/hyperfine.log" >&2
            exit 1
        fi
    done
}

for size in $sizes; do
    tree=$data/tree-$size
    plan=$work/floor-$size.plan
    "$FLOOR" plan "$tree/evidence" "$plan" >"$work/floor-$size.txt"
    echo "== $size files: soc2 vs fd vs find vs the floor" >&2
    # fd with a size filter reads every file's metadata: the cost of one `stat` per file, which
    # SPEC's copy rule needs for every matched file (only files of one size can be copies).
    cmds=("$SOC2 ${assess[*]} $tree" "fdfind -u -t f . $tree/evidence" "find $tree/evidence -type f"
        "fdfind -u -t f -S +0b . $tree/evidence" "$FLOOR walk $tree/evidence $plan"
        "$FLOOR load $tree/evidence $plan")
    [[ -n $baseline ]] && cmds+=("$baseline ${assess[*]} $tree")
    measure "walk-$size" "${cmds[@]}"
    echo "== $size files: 1,000 extra controls vs built-in" >&2
    cmds=("$SOC2 ${assess[*]} --controls $data/gen-controls $tree" "$SOC2 ${assess[*]} $tree")
    [[ -n $baseline ]] && cmds+=("$baseline ${assess[*]} --controls $data/gen-controls $tree"
        "$baseline ${assess[*]} $tree")
    measure "controls-$size" "${cmds[@]}"
done

largest=${sizes##* }
echo "== peak RSS on $largest files" >&2
for bin in "$SOC2" $baseline; do
    who=soc2
    [[ $bin == "$baseline" && $bin != "$SOC2" ]] && who=base
    for variant in builtin gen; do
        extra=()
        [[ $variant == gen ]] && extra=(--controls "$data/gen-controls")
        for ((r = 0; r < 3; r++)); do
            /usr/bin/time -v -o "$work/rss-$who-$variant-$r.txt" \
                "$bin" "${assess[@]}" "${extra[@]}" "$data/tree-$largest" >/dev/null
        done
    done
done

python3 "$repo/benches/summarize.py" "$work" "$sizes" "$largest" "$SOC2" "$baseline" "$FLOOR"
