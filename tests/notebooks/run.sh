#!/bin/sh
# Execute every notebooks/*.ipynb top to bottom with nbconvert (nbclient)
# against the given sift-kernel binary; fail on the first cell error.
# Usage: tests/notebooks/run.sh /abs/path/to/sift-kernel
# The kernelspec "sift" is provided through a private JUPYTER_PATH entry,
# which Jupyter searches before the user's and the system's directories.
set -e
kernel=${1:?usage: $0 /abs/path/to/sift-kernel}
cd "$(dirname "$0")/../.."
[ -x "$kernel" ] || { echo "notebooks: $kernel is not executable" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/kernels/sift" "$tmp/out"
esc=$(printf '%s' "$kernel" | sed 's/\\/\\\\/g; s/"/\\"/g')
cat > "$tmp/kernels/sift/kernel.json" <<JSON
{"argv": ["$esc", "-f", "{connection_file}"], "display_name": "sift",
 "language": "sift", "interrupt_mode": "message"}
JSON
export JUPYTER_PATH="$tmp${JUPYTER_PATH:+:$JUPYTER_PATH}"

n=0
for nb in notebooks/*.ipynb; do
  [ -e "$nb" ] || continue
  /usr/bin/python3 -m nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name=sift --ExecutePreprocessor.timeout=300 \
    --output-dir "$tmp/out" "$nb" >"$tmp/log" 2>&1 || {
      cat "$tmp/log" >&2
      echo "notebooks: FAILED $nb" >&2
      exit 1
    }
  echo "notebooks: ok $nb"
  n=$((n + 1))
done
echo "notebooks: $n executed"
