#!/usr/bin/env bash
# Peak memory of `junksift filter` must not grow with the corpus: builds a
# ~200 MB and a ~2 GB JSONL by repeating the bench file (ids made unique) in
# $TMPDIR (default /tmp), filters each with
# `junksift filter FILE --no-blocks -o /dev/null` (all cores), and reports the
# peak RSS from /usr/bin/time -v.
#
#   scripts/bench-memory.sh [DATA.jsonl]
#
# Environment: SIZES_MB (default "200 2000"), KEEP=1 keeps the generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-${BENCH:-../shared/bench}/articles-en.jsonl}
SIZES_MB=${SIZES_MB:-"200 2000"}
[ -f "$DATA" ] || { echo "bench-memory: $DATA not found" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-memory: needs /usr/bin/time (GNU time)" >&2; exit 1; }

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
BIN=$CARGO_TARGET_DIR/release/junksift
work=$(mktemp -d "${TMPDIR:-/tmp}/junksift-mem.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

printf '%-8s %10s %8s %10s %10s %8s\n' size_MB file_MB docs peak_RSS_MB elapsed_s MB/s
for mb in $SIZES_MB; do
  file="$work/corpus-${mb}mb.jsonl"
  # Repeat the file until it reaches the size; copy k of a record gets the
  # id "k:ID" (the ids of the bench file are strings).
  python3 - "$DATA" "$file" "$mb" <<'PY'
import json, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [l for l in open(src, "rb") if l.strip()]
target, written, k = mb * 1_000_000, 0, 0
with open(dst, "wb") as out:
    while written < target:
        for line in lines:
            rec = json.loads(line)
            rec["id"] = f"{k}:{rec['id']}"
            b = (json.dumps(rec, ensure_ascii=False) + "\n").encode()
            out.write(b)
            written += len(b)
            if written >= target:
                break
        k += 1
PY
  /usr/bin/time -v -o "$work/time" "$BIN" filter "$file" --no-blocks -o /dev/null --quiet \
    --report "$work/report.json" || [ $? -eq 3 ]
  python3 - "$work/time" "$work/report.json" "$mb" "$file" <<'PY'
import json, os, re, sys
t = open(sys.argv[1]).read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
r = json.load(open(sys.argv[2]))
print("%-8s %10.0f %8d %10.1f %10.1f %8.1f" % (sys.argv[3], os.path.getsize(sys.argv[4]) / 1e6,
      r["docs_in"], rss_kb / 1024, r["elapsed_s"], r["mb_per_s"]))
PY
  rm -f "$file"
done
echo "($("$BIN" --version); $(nproc) cores; peak RSS = max resident set size of the process)"
