#!/bin/sh
# Build build/sift-kernel-mock: the kernel sources linked against the toy
# interpreter in tests/kernel/mock_sift.c instead of build/libsift.a.
# Usage: tests/kernel/build_mock.sh [OUT]   (extra CFLAGS via $MOCK_CFLAGS)
set -e
cd "$(dirname "$0")/../.."
out=${1:-build/sift-kernel-mock}
mkdir -p "$(dirname "$out")"
cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -O1 -g -I. \
  ${MOCK_CFLAGS:-} $(pkg-config --cflags libzmq libsodium jansson) \
  -o "$out" kernel/*.c tests/kernel/mock_sift.c \
  $(pkg-config --libs libzmq libsodium jansson) -lpthread -lm
echo "built $out"
