#!/bin/sh
# Rebuilds the test guests into ../resources/guests/. Tests never run clang: the built .wasm files
# are committed, so run this after changing a guest or the C SDK, and commit both.
#
# Needs clang with the wasm32-wasi target, wasi-libc and lld (Debian: clang-14 lld-14 wasi-libc).
# -mbulk-memory lets memmove become memory.copy; no SIMD (the host compiles none).
set -eu
cd "$(dirname "$0")"
SDK=../../../abi/v1
OUT=../resources/guests
mkdir -p "$OUT"
for guest in codec_guest; do
  clang --target=wasm32-wasi -O2 -mexec-model=reactor -mbulk-memory -Wall -Wextra -Werror \
    -I "$SDK" "$guest.c" "$SDK/sluice.c" -Wl,--strip-debug -o "$OUT/$guest.wasm"
  echo "built $OUT/$guest.wasm ($(wc -c < "$OUT/$guest.wasm") bytes)"
done
