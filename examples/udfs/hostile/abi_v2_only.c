/*
 * hostile/abi_v2_only.c -- a module from the future: it exports sluice_abi_v2 (whose struct says
 * abi_version 2) and not sluice_abi_v1. Everything else is in place. Built freestanding.
 *
 * Expected at load time: refused, e.g. "the module speaks the Sluice ABI v2 only; this host
 * speaks v1".
 */
#include "freestanding.h"

SLUICE_DESCRIBE("# hostile: exports sluice_abi_v2 only; "
                "expected: refused at load time, ABI v2 is not spoken by this host")

static void borrowed_release(void *unused) { (void)unused; }

static const struct sluice_guest_info info_v2 = {2, 0, borrowed_release, 0};

__attribute__((export_name("sluice_abi_v2"))) const struct sluice_guest_info *sluice_abi_v2(void) {
  return &info_v2;
}

SLUICE_ROW_FUNCTION(int64_t, triple_it, (int64_t x), "triple_it(x BIGINT) RETURNS BIGINT") {
  return 3 * x;
}
