#!/usr/bin/env bash
# Runs the tune benchmark: the same 18 settings by grid and by asha; prints each search's total
# epochs and best val_loss, then asha's share of grid's epochs and its gap to grid's best.
# Usage: scripts/tune-bench.sh [OUT_DIR] (default /tmp/sparkfit-tune-bench); extra args go to both runs.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-/tmp/sparkfit-tune-bench}"
shift || true
cd "$HERE"
for method in grid asha; do
  scripts/sparkfit tune --spec scripts/tune-digits.yaml --set tune.method=$method --out "$OUT/$method" \
      --overwrite "$@" | tee "$OUT-$method.log" | grep -E '^(total epochs|\{)' || exit $?
done
python3 - "$OUT" <<'PY'
import json, sys
g = json.load(open(sys.argv[1] + "/grid/tune.json")); a = json.load(open(sys.argv[1] + "/asha/tune.json"))
print("grid: %d epochs, best val_loss %.4f; asha: %d epochs (%.0f%% of grid), best val_loss %.4f (%+.2f%%)" % (
    g["total_epochs"], g["best_val_loss"], a["total_epochs"], 100.0 * a["total_epochs"] / g["total_epochs"],
    a["best_val_loss"], 100.0 * (a["best_val_loss"] / g["best_val_loss"] - 1)))
PY
