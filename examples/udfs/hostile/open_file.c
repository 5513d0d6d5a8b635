/*
 * hostile/open_file.c -- tries to read /etc/passwd and, if it got anything, returns its first
 * bytes as every row's value.
 *
 * First through C's fopen. With no preopened directory wasi-libc fails that by itself, without
 * asking the host, so the function then calls WASI's path_open directly, on fd 3 (where the first
 * preopened directory would be). Under the default policy that call must trap:
 *   "WASI path_open denied: this function has no filesystem access".
 * If the host returns an errno instead, the function fails with a message saying what it got; if
 * it ever returns bytes of the file, the sandbox leaked.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#include "sluice.h"

SLUICE_DESCRIBE("# hostile: open_file reads /etc/passwd through fopen, then WASI path_open; "
                "expected: a trap 'WASI path_open denied: this function has no filesystem access'")

static int emit(const sluice_call *call, sluice_builder *out, const char *bytes, uint32_t len) {
  for (int64_t row = 0; row < call->rows; row++) sluice_append_bytes(out, bytes, len);
  return SLUICE_OK;
}

static int open_file(const sluice_call *call, sluice_builder *out) {
  char head[64];
  FILE *file = fopen("/etc/passwd", "r");
  if (file) {
    size_t got = fread(head, 1, sizeof head, file);
    fclose(file);
    return emit(call, out, head, (uint32_t)got);
  }
  int fopen_errno = errno;

  __wasi_fd_t fd;
  __wasi_errno_t open_errno =
      __wasi_path_open(3, 0, "etc/passwd", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  if (open_errno == 0) {
    __wasi_iovec_t iov = {(uint8_t *)head, sizeof head};
    __wasi_size_t got = 0;
    __wasi_errno_t read_errno = __wasi_fd_read(fd, &iov, 1, &got);
    (void)__wasi_fd_close(fd);
    if (read_errno == 0) return emit(call, out, head, got);
  }
  return sluice_error("open_file: could not open /etc/passwd (fopen: %s; path_open on fd 3: "
                      "WASI errno %d)",
                      strerror(fopen_errno), open_errno);
}
SLUICE_SCALAR(open_file, "open_file(x INT) RETURNS VARCHAR")
