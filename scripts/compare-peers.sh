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
# times only the extraction calls (imports and JSON loading left out), median
# of REPEAT passes. junksift is timed by scripts/bench-throughput.sh
# (`junksift filter DATA -j 1 -o /dev/null`, report's elapsed_s: JSONL
# reading and parsing included, on its own thread), median of REPEAT runs.
# Environment: REPEAT (default 3), PEERS (default resiliparse,trafilatura),
# BENCH (the shared bench directory, default ../shared/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-../shared/bench}
DATA=${1:-$BENCH/articles-en.jsonl}
REPEAT=${REPEAT:-3}
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

echo "== junksift (1 thread)" >&2
MODES="html html-no-blocks html-fast" JOBS=1 REPEAT=$REPEAT TSV="$tmp/junksift.tsv" \
  scripts/bench-throughput.sh "$DATA" >&2
echo "== peers ($PEERS, 1 process)" >&2
"$VENV/bin/python" "$BENCH/peers/run_peers.py" "$DATA" --out "$tmp/peers" \
  --name bench --peers "$PEERS" --repeat "$REPEAT"

python3 - "$tmp/junksift.tsv" "$tmp/peers/timing/bench" "$PEERS" "$DATA" <<'PY'
import json, os, sys
tsv, tdir, peers, data = sys.argv[1:]
rows = []
for line in open(tsv):
    mode, jobs, docs, mb, dps, mbps, cpu = line.rstrip("\n").split("\t")
    name = {"html": "junksift", "html-no-blocks": "junksift --no-blocks",
            "html-fast": "junksift --fast"}.get(mode, f"junksift ({mode})")
    rows.append((name, int(docs), float(dps), float(mbps)))
peer_rows = []
for p in peers.split(","):
    t = json.load(open(os.path.join(tdir, f"{p}.json")))
    peer_rows.append((p, t["docs"], t["docs_per_s"], t["mb_per_s"]))
print(f"\nSame run, 1 thread / 1 process, {data}:\n")
head = "| tool | docs | docs/s | MB/s | " + " | ".join(f"junksift / {p[0]}" for p in peer_rows) + " |"
print(head)
print("|" + "---|" * (4 + len(peer_rows)))
for name, docs, dps, mbps in rows + peer_rows:
    ratios = " | ".join(f"{dps / p[2]:.2f}x" if name.startswith("junksift") else ""
                        for p in peer_rows)
    print(f"| {name} | {docs} | {dps:.1f} | {mbps:.1f} | {ratios} |")
PY
