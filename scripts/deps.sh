#!/bin/sh
# Install the Debian packages sift needs to build and test, but only the
# ones that are missing: with everything present this is a quick no-op.
# Uses sudo when not root. Called by `make run` and `make test`.
set -e

PKGS="build-essential pkg-config libreadline-dev libzmq3-dev libsodium-dev libjansson-dev
libcairo2-dev libchafa-dev libopenblas-dev liblapacke-dev libpcre2-dev check fonts-dejavu-core
python3-pexpect python3-jupyter-client python3-jupyter-kernel-test jupyter-console
python3-nbclient jupyter-nbconvert jupyter-client xpython python3-ipykernel python3-pandas python3-numpy python3-sklearn python3-scipy"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "sift: installing missing packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they are missing or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
  $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq --no-install-recommends $missing
