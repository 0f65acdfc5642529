#!/bin/sh
# Register sift-kernel with Jupyter for the current user.
# Usage: scripts/install-kernelspec.sh PREFIX   (sift-kernel is in PREFIX/bin)
# Writes kernel.json with the absolute path of the installed binary, copies
# the logos, and runs `jupyter kernelspec install --user --name sift`.
set -e
prefix=${1:?usage: $0 PREFIX}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$prefix/bin" && pwd)/sift-kernel
[ -x "$bin" ] || { echo "install-kernelspec: $bin not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/sift"
cp "$here/kernelspec/logo-32x32.png" "$here/kernelspec/logo-64x64.png" "$tmp/sift/"
# The binary path goes through JSON string escaping (backslash, quote).
esc=$(printf '%s' "$bin" | sed 's/\\/\\\\/g; s/"/\\"/g')
sed "s|\"sift-kernel\"|\"$esc\"|" "$here/kernelspec/kernel.json" > "$tmp/sift/kernel.json"

if command -v jupyter-kernelspec >/dev/null 2>&1; then
  jupyter-kernelspec install --user --replace --name sift "$tmp/sift"
elif command -v jupyter >/dev/null 2>&1 && jupyter kernelspec --version >/dev/null 2>&1; then
  jupyter kernelspec install --user --replace --name sift "$tmp/sift"
else
  # No Jupyter yet: put the spec where Jupyter will look for it.
  dest=${XDG_DATA_HOME:-$HOME/.local/share}/jupyter/kernels/sift
  mkdir -p "$dest"
  cp "$tmp/sift/"* "$dest/"
  echo "installed kernelspec sift in $dest (jupyter not found)"
fi
