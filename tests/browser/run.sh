#!/bin/sh
# End-to-end test in a real browser (make test-browser).
# Starts Debian's jupyter-notebook on 127.0.0.1 with a token and a private
# kernelspec for build/sift-kernel, opens a new sift notebook in headless
# Debian chromium driven by playwright-core, runs a cell that shows a frame
# and checks that the HTML table appears. Installs what it needs (Debian
# packages via apt, playwright-core via npm into build/browser) on first use.
set -e
cd "$(dirname "$0")/../.."
root=$(pwd)
kernel="$root/build/sift-kernel"
[ -x "$kernel" ] || { echo "browser: $kernel missing (run make)" >&2; exit 1; }

need=""
for p in jupyter-notebook chromium nodejs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
command -v npm >/dev/null 2>&1 || need="$need npm"
if [ -n "$need" ]; then
  echo "browser: installing$need"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null || {
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null; }
fi

mods="$root/build/browser"
if [ ! -d "$mods/node_modules/playwright-core" ]; then
  mkdir -p "$mods"
  echo "browser: npm install playwright-core"
  (cd "$mods" && npm install --no-audit --no-fund --silent playwright-core@1 >/dev/null)
fi

tmp=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -p "$tmp/kernels/sift" "$tmp/nb" "$tmp/home"
esc=$(printf '%s' "$kernel" | sed 's/\\/\\\\/g; s/"/\\"/g')
printf '{"argv": ["%s", "-f", "{connection_file}"], "display_name": "sift", "language": "sift", "interrupt_mode": "message"}\n' \
  "$esc" > "$tmp/kernels/sift/kernel.json"
cp kernelspec/logo-*.png "$tmp/kernels/sift/"

root_flag=""; [ "$(id -u)" -eq 0 ] && root_flag="--allow-root"
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
JUPYTER_PATH="$tmp" JUPYTER_CONFIG_DIR="$tmp/config" JUPYTER_DATA_DIR="$tmp/data" \
JUPYTER_RUNTIME_DIR="$tmp/runtime" HOME="$tmp/home" \
  /usr/bin/python3 -m notebook --no-browser --ip=127.0.0.1 --port="$port" \
  $root_flag --NotebookApp.token="$token" --notebook-dir="$tmp/nb" >"$tmp/server.log" 2>&1 &
server=$!

url="http://127.0.0.1:$port"
i=0
until /usr/bin/python3 -c "import urllib.request,sys; urllib.request.urlopen('$url/api/status?token=$token', timeout=1)" 2>/dev/null; do
  i=$((i + 1))
  [ $i -gt 100 ] && { cat "$tmp/server.log" >&2; echo "browser: notebook server did not start" >&2; exit 1; }
  sleep 0.2
done

if NODE_PATH="$mods/node_modules" SIFT_URL="$url" SIFT_TOKEN="$token" SIFT_SHOTS="$mods" \
     node tests/browser/notebook.test.js; then
  echo "browser: ok"
else
  echo "--- notebook server log ---" >&2
  tail -n 40 "$tmp/server.log" >&2
  exit 1
fi
