#!/bin/sh
# Rebuilds bench_udfs.wasm from bench_udfs.c and the C SDK (wasi-data/abi/v1), with Debian's
# clang 14 and wasi-libc, as the examples are built: a reactor, no SIMD, debug sections stripped.
# Run from anywhere; commit the result.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
abi=$(cd "$here/../../../../../../../../wasi-data/abi/v1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang --target=wasm32-wasi -O2 -Wall -Wextra -c "$abi/sluice.c" -o "$tmp/sluice.o"
clang --target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -Werror -I"$abi" -I"$here" \
  -c "$here/bench_udfs.c" -o "$tmp/bench_udfs.o"
clang --target=wasm32-wasi -mexec-model=reactor -Wl,--strip-debug \
  "$tmp/bench_udfs.o" "$tmp/sluice.o" -o "$here/bench_udfs.wasm"
echo "wrote $here/bench_udfs.wasm"
