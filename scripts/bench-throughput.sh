#!/usr/bin/env bash
# Throughput of `junksift filter` on the bench file, as the project reports it:
# docs/s and MB/s of pages (the HTML, or the plain-text `dump`), on 1 thread
# and on every core, median of REPEAT runs, plus the CPU time per run.
#
#   scripts/bench-throughput.sh [DATA.jsonl]
#
# Environment: REPEAT (default 3), JOBS (default "1 <cores>"; "1c" is one
# thread pinned to one core with taskset, the JSONL reader thread included,
# where "1" lets the reader run beside the worker on another core), MODES (default
# "html html-no-blocks text"), TSV=FILE to also write the results as
# tab-separated lines (mode, jobs, docs, MB, docs/s, MB/s, cpu_s, analysis/s), and
# CARGO_TARGET_DIR as usual. The last column, analysis/s, is docs per second
# of the analysis threads' own time (the report's analysis_docs_per_s: the
# reading of the input, on a thread of its own, and the writing left out):
# on one thread, the speed of the analysis alone.
#
# Modes: html = `junksift filter DATA` with the default output (blocks with
# reasons); html-no-blocks = `--no-blocks`; html-fast, text-fast = `--fast`
# (the wider logistic shortcut); html-tree-reasons = `--tree-reasons` (every
# block down the second-pass forest); text = the `dump` field only
# (`--html-field '' --text-field dump`). Output goes to /dev/null. The time is
# the report's elapsed_s: reading and parsing the JSONL (on its own thread),
# analysis and writing; process start and model loading are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-${BENCH:-../shared/bench}/articles-en.jsonl}
REPEAT=${REPEAT:-3}
CORES=$(nproc)
JOBS=${JOBS:-"1 $CORES"}
MODES=${MODES:-"html html-no-blocks text"}
[ -f "$DATA" ] || { echo "bench-throughput: $DATA not found" >&2; exit 1; }

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
BIN=$CARGO_TARGET_DIR/release/junksift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mode_args() {
  case $1 in
    html) ;;
    html-no-blocks) echo --no-blocks ;;
    html-fast) echo --fast ;;
    html-tree-reasons) echo --tree-reasons ;;
    text-fast) echo "--html-field= --text-field=dump --fast" ;;
    text) echo "--html-field= --text-field=dump" ;;
    *) echo "unknown mode $1" >&2; exit 2 ;;
  esac
}

# Warm the page cache.
cat "$DATA" > /dev/null

printf '%-15s %4s %6s %8s %10s %8s %8s %10s\n' mode jobs docs MB docs/s MB/s cpu_s analysis/s
for mode in $MODES; do
  for j in $JOBS; do
    : > "$tmp/runs"
    pin=()
    threads=$j
    if [ "$j" = 1c ]; then
      command -v taskset > /dev/null || { echo "bench-throughput: JOBS=1c needs taskset" >&2; exit 2; }
      pin=(taskset -c "$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')")
      threads=1
    fi
    for _ in $(seq "$REPEAT"); do
      # shellcheck disable=SC2046
      /usr/bin/time -f '%U %S' -o "$tmp/time" \
        "${pin[@]}" "$BIN" filter "$DATA" $(mode_args "$mode") -j "$threads" --quiet -o /dev/null \
        --report "$tmp/report.json" || [ $? -eq 3 ]
      python3 - "$tmp/report.json" "$tmp/time" >> "$tmp/runs" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
user, sys_ = map(float, open(sys.argv[2]).read().split()[-2:])
print(r["docs_in"], r["bytes_in"], r["elapsed_s"], user + sys_, r["analysis_s"])
PY
    done
    python3 - "$tmp/runs" "$mode" "$j" "${TSV:-}" <<'PY'
import statistics, sys
runs = [list(map(float, l.split())) for l in open(sys.argv[1])]
docs, nbytes = runs[0][0], runs[0][1]
wall = statistics.median(r[2] for r in runs)
cpu = statistics.median(r[3] for r in runs)
analysis = statistics.median(r[4] for r in runs)
mode, jobs, tsv = sys.argv[2], sys.argv[3], sys.argv[4]
row = (mode, jobs, int(docs), nbytes / 1e6, docs / wall, nbytes / 1e6 / wall, cpu,
       docs / analysis if analysis > 0 else 0.0)
print("%-15s %4s %6d %8.1f %10.1f %8.1f %8.2f %10.1f" % row)
if tsv:
    with open(tsv, "a") as f:
        f.write("\t".join(str(x) for x in row) + "\n")
PY
  done
done
echo "($REPEAT runs each, median; $("$BIN" --version); $(nproc) cores; data: $DATA)"
