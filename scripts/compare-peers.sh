#!/usr/bin/env bash
# junksift vs Resiliparse vs trafilatura, on the same file, in the same run,
# single thread / single process: docs/s, MB/s of HTML, and the ratios.
#
#   scripts/compare-peers.sh [DATA.jsonl]
#
# The peers are installed from PyPI into .venv-peers/ (gitignored), at the
# versions pinned in ../shared/bench/peers/requirements.txt (used as a
# constraints file, so only the two peers and their dependencies are
# installed). They are timed by ../shared/bench/peers/run_peers.py, which
# times only the extraction calls (imports and JSON loading left out).
# junksift is timed by scripts/bench-throughput.sh (`junksift filter DATA
# -j 1 -o /dev/null`, report's elapsed_s: JSONL reading and parsing
# included, on its own thread). The tools take turns: ROUNDS rounds, each
# timing every tool on REPEAT passes (median), see below.
# Environment: ROUNDS (default 3), REPEAT (default 3), PEERS (default
# resiliparse,trafilatura),
# BENCH (the shared bench directory, default ../shared/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-../shared/bench}
DATA=${1:-$BENCH/articles-en.jsonl}
REPEAT=${REPEAT:-3}
ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-resiliparse,trafilatura}
[ -f "$DATA" ] || { echo "compare-peers: $DATA not found" >&2; exit 1; }

VENV=.venv-peers
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# Only the peers asked for, at the pinned versions.
pkgs=""
for p in ${PEERS//,/ }; do
  case $p in
    resiliparse) pkgs="$pkgs Resiliparse" ;;
    trafilatura|trafilatura-precision) pkgs="$pkgs trafilatura lxml_html_clean" ;;
    justext) pkgs="$pkgs jusText lxml_html_clean" ;;
    readability) pkgs="$pkgs readability-lxml lxml_html_clean inscriptis" ;;
    *) pkgs="$pkgs $p" ;;
  esac
done
# shellcheck disable=SC2086
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  -c "$BENCH/peers/requirements.txt" $pkgs

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The machine is shared and its speed drifts by more than the differences
# measured, so the tools take turns: each of ROUNDS rounds times every
# junksift mode and every peer (median of REPEAT passes each), a ratio is
# taken within each round, and the table gives the median docs/s over the
# rounds and the median (and range) of the per-round ratios.
MODES="html html-no-blocks html-fast html-tree-reasons"
for round in $(seq "$ROUNDS"); do
  echo "== round $round of $ROUNDS: junksift (1 thread)" >&2
  MODES=$MODES JOBS=1 REPEAT=$REPEAT TSV="$tmp/junksift-$round.tsv" \
    scripts/bench-throughput.sh "$DATA" >&2
  echo "== round $round of $ROUNDS: peers ($PEERS, 1 process)" >&2
  "$VENV/bin/python" "$BENCH/peers/run_peers.py" "$DATA" --out "$tmp/peers-$round" \
    --name bench --peers "$PEERS" --repeat "$REPEAT"
done

python3 - "$tmp" "$ROUNDS" "$PEERS" "$DATA" <<'PY'
import json, os, statistics, sys
tmp, rounds, peers, data = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
names = {"html": "junksift", "html-no-blocks": "junksift --no-blocks",
         "html-fast": "junksift --fast", "html-tree-reasons": "junksift --tree-reasons"}
# speed[tool] = docs/s per round; docs[tool] = docs per run.
speed, docs, mbs = {}, {}, {}
for r in range(1, rounds + 1):
    for line in open(os.path.join(tmp, f"junksift-{r}.tsv")):
        mode, jobs, n, mb, dps, mbps, cpu, analysis = line.rstrip("\n").split("\t")
        name = names.get(mode, f"junksift ({mode})")
        speed.setdefault(name, []).append(float(dps))
        docs[name], mbs[name] = int(n), float(mb)
        if mode == "html":
            # The analysis threads' own time, as the peers are timed (their
            # extraction call only, no reading).
            name = "junksift, analysis time only"
            speed.setdefault(name, []).append(float(analysis))
            docs[name], mbs[name] = int(n), float(mb)
    for p in peers:
        t = json.load(open(os.path.join(tmp, f"peers-{r}", "timing", "bench", f"{p}.json")))
        speed.setdefault(p, []).append(t["docs_per_s"])
        docs[p], mbs[p] = t["docs"], t["docs_per_s"] and t["mb_per_s"] / t["docs_per_s"] * t["docs"]
tools = [n for n in speed if n.startswith("junksift")] + peers
print(f"\nSame run, 1 thread / 1 process, {data}, {rounds} rounds (median docs/s; "
      "ratios: median of the per-round ratios [lowest, highest]):\n")
print("| tool | docs | docs/s | MB/s | " + " | ".join(f"junksift / {p}" for p in peers) + " |")
print("|" + "---|" * (4 + len(peers)))
for name in tools:
    dps = statistics.median(speed[name])
    mbps = dps * mbs[name] / docs[name]
    cells = []
    for p in peers:
        if not name.startswith("junksift"):
            cells.append("")
            continue
        ratios = [a / b for a, b in zip(speed[name], speed[p])]
        cells.append(f"{statistics.median(ratios):.2f}x [{min(ratios):.2f}, {max(ratios):.2f}]")
    print(f"| {name} | {docs[name]} | {dps:.1f} | {mbps:.1f} | " + " | ".join(cells) + " |")
PY
