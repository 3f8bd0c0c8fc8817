#!/usr/bin/env bash
# Measure hanbridge on the real development set (tests/real) when its texts exist.
# The texts are CC BY-SA and never committed: re-create them first (tests/real/recreate.md).
# Usage: tests/real/run.sh [TEXTS_DIR]   (default: $REALDEV_TEXTS or /work/realdev-texts)
# Prints eval's figures, then one line per document of the gold (both languages).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
texts=${1:-${REALDEV_TEXTS:-/work/realdev-texts}}
bin=${HANBRIDGE:-$repo/target/release/hanbridge}
if [ ! -f "$texts/corpus/corpus.toml" ]; then
  echo "run.sh: $texts/corpus/corpus.toml: no texts: re-create them (tests/real/recreate.md)" >&2
  exit 2
fi
db=$(mktemp -d)/realdev.sqlite
trap 'rm -rf "$(dirname "$db")"' EXIT
"$bin" -q --db "$db" import "$texts/corpus" >/dev/null
"$bin" -q --db "$db" glossary load --glossary "$repo/glossary" >/dev/null
"$bin" -q --db "$db" align >/dev/null
"$bin" --db "$db" --format json eval --gold "$here/gold.tsv" >"$db.eval.json"
"$bin" --db "$db" --format json links >"$db.links.json"
python3 - "$here/gold.tsv" "$db.eval.json" "$db.links.json" <<'PY'
import collections, json, sys
gold_path, eval_path, links_path = sys.argv[1:4]
ev = json.load(open(eval_path, encoding="utf-8"))
predicted = {(l["zh_doc"], l["zh_para"], l["en_doc"], l["en_para"])
             for l in json.load(open(links_path, encoding="utf-8")) if l["status"] != "rejected"}
gold = {}
for line in open(gold_path, encoding="utf-8"):
    if line.startswith("#") or line.startswith("zh_doc") or not line.strip():
        continue
    z, zp, e, ep, strength = line.rstrip("\n").split("\t")[:5]
    gold[(z, int(zp), e, int(ep))] = strength
fps = [p for p in predicted if p not in gold]
if len(predicted) != ev["predicted"]:
    print(f"run.sh: links lists {len(predicted)} links, eval counted {ev['predicted']}", file=sys.stderr)
print(f"precision {ev['precision']:.3f} ({ev['correct']}/{ev['predicted']})  "
      f"strong recall {ev['recall']:.3f} ({ev['strong_found']}/{ev['strong']})  "
      f"partial {ev['partial_found']}/{ev['partial']}  F1 {ev['f1']:.3f}")
row = collections.defaultdict(lambda: collections.Counter())
for (z, zp, e, ep), s in gold.items():
    for d in (z, e):
        row[d][s] += 1
        if (z, zp, e, ep) in predicted:
            row[d][s + "_found"] += 1
            row[d]["correct"] += 1
for (z, zp, e, ep) in fps:
    for d in (z, e):
        row[d]["fp"] += 1
print(f"{'document':<18} {'strong':>9} {'partial':>9} {'pred':>5} {'fp':>4} {'prec':>6}")
for d in sorted(row):
    c = row[d]
    pred = c["correct"] + c["fp"]
    prec = f"{c['correct'] / pred:.2f}" if pred else "-"
    print(f"{d:<18} {c['strong_found']:>4}/{c['strong']:<4} {c['partial_found']:>4}/{c['partial']:<4} {pred:>5} {c['fp']:>4} {prec:>6}")
PY
